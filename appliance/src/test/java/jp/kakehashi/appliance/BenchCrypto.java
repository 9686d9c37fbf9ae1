package jp.kakehashi.appliance;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.StoredBlob;

/** B-CRYPTO (blob put): encrypt + hash + write + fsync of a file, against dd conv=fsync of the same plaintext. */
final class BenchCrypto {
    private BenchCrypto() {}

    static void run(Path work, long mib, int pairs) throws Exception {
        Path input = BenchProcesses.randomFile(work.resolve("input.bin"), mib);
        long bytes = Files.size(input);
        EncryptedFileBlobStore store = new EncryptedFileBlobStore(
                work.resolve("store"),
                MasterKey.generate(work.resolve("master.key"), new SecureRandom()),
                new SecureRandom());
        Path peerOut = work.resolve("dd.out");
        BenchMain.compare(
                "B-CRYPTO",
                "EncryptedFileBlobStore.put (AES-256-GCM + SHA-256 + fsync)",
                "dd bs=1M conv=fsync (plaintext)",
                "MiB/s",
                pairs,
                i -> {
                    long t = System.nanoTime();
                    StoredBlob blob;
                    try (InputStream in = Files.newInputStream(input);
                            BlobStore.BlobWriter w = store.create()) {
                        in.transferTo(w);
                        blob = w.commit();
                    }
                    double r = BenchMain.mibPerSecond(bytes, System.nanoTime() - t);
                    store.delete(blob.id());
                    return r;
                },
                i -> {
                    long t = System.nanoTime();
                    BenchProcesses.run(
                            List.of("dd", "if=" + input, "of=" + peerOut, "bs=1M", "conv=fsync", "status=none"));
                    double r = BenchMain.mibPerSecond(bytes, System.nanoTime() - t);
                    Files.delete(peerOut);
                    return r;
                },
                Map.of("size_mib", String.valueOf(mib), "input", "random bytes, page cache warm for both"));
    }
}
