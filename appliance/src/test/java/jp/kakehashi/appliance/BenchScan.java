package jp.kakehashi.appliance;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.ScanOutcome;

/**
 * B-SCAN: 200 small files of fresh random content (1 KiB - 1 MiB) and 3 × 64 MiB, scanned one
 * after another by our clamd client and by {@code clamdscan --stream} (one process for the whole
 * batch), against the same test clamd. Each trial gets new files so clamd's clean cache never hits.
 */
final class BenchScan {
    private BenchScan() {}

    static void run(Path work, int pairs) throws Exception {
        try (Clamd clamd = Clamd.start(work.resolve("clamd"), 1L << 30)) {
            ClamdClient client =
                    ClamdClient.create(ClamdClient.address(clamd.tcpAddress()), Duration.ofSeconds(120), 1L << 30);
            Path clamdConf = work.resolve("clamd/clamd.conf");
            long[] bytes = new long[1];
            BenchMain.compare(
                    "B-SCAN",
                    "ClamdClient INSTREAM (256 KiB chunks)",
                    "clamdscan --stream (one process per batch)",
                    "MiB/s",
                    pairs,
                    i -> {
                        List<Path> files = corpus(work.resolve("s" + i), bytes);
                        long t = System.nanoTime();
                        for (Path f : files) {
                            try (InputStream in = Files.newInputStream(f)) {
                                if (!(client.scan(in) instanceof ScanOutcome.Clean)) {
                                    throw new IllegalStateException("unexpected verdict for " + f);
                                }
                            }
                        }
                        double r = BenchMain.mibPerSecond(bytes[0], System.nanoTime() - t);
                        BenchProcesses.deleteTree(work.resolve("s" + i));
                        return r;
                    },
                    i -> {
                        List<Path> files = corpus(work.resolve("p" + i), bytes);
                        List<String> command = new ArrayList<>(
                                List.of("clamdscan", "--stream", "--no-summary", "-c", clamdConf.toString()));
                        files.forEach(f -> command.add(f.toString()));
                        long t = System.nanoTime();
                        BenchProcesses.run(command);
                        double r = BenchMain.mibPerSecond(bytes[0], System.nanoTime() - t);
                        BenchProcesses.deleteTree(work.resolve("p" + i));
                        return r;
                    },
                    Map.of(
                            "corpus",
                            "200 files 1 KiB-1 MiB + 3 x 64 MiB, fresh random per trial",
                            "clamd",
                            "ClamAV 1.4.6, one-signature test database"));
        }
    }

    private static List<Path> corpus(Path dir, long[] total) throws Exception {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom();
        List<Path> files = new ArrayList<>();
        total[0] = 0;
        for (int i = 0; i < 200; i++) {
            int size = 1024 + random.nextInt(1 << 20);
            byte[] content = new byte[size];
            for (int j = 0; j < size; j++) {
                content[j] = (byte) random.nextInt(256);
            }
            Path f = dir.resolve("f" + i + ".bin");
            Files.write(f, content);
            files.add(f);
            total[0] += size;
        }
        for (int i = 0; i < 3; i++) {
            files.add(BenchProcesses.randomFile(dir.resolve("big" + i + ".bin"), 64));
            total[0] += 64L << 20;
        }
        return files;
    }
}
