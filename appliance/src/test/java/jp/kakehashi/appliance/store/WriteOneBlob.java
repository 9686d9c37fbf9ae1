package jp.kakehashi.appliance.store;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A child process for {@link BlobDurabilityIT}: writes one blob into the store at {@code args[0]}
 * and prints where it landed, so the test can follow its system calls under strace.
 */
final class WriteOneBlob {
    private WriteOneBlob() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        SecureRandom random = new SecureRandom();
        EncryptedFileBlobStore store =
                new EncryptedFileBlobStore(root, MasterKey.generate(root.resolve("master.key"), random), random);
        byte[] bytes = new byte[300_000];
        random.nextBytes(bytes);
        StoredBlob blob;
        try (BlobStore.BlobWriter writer = store.create()) {
            writer.write(bytes);
            blob = writer.commit();
        }
        System.out.println(store.pathOf(blob.id()).toAbsolutePath());
    }
}
