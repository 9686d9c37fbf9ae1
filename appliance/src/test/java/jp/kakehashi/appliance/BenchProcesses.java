package jp.kakehashi.appliance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running peer programs for the benchmarks, and small file helpers. */
final class BenchProcesses {
    private BenchProcesses() {}

    /** Runs a command to completion; fails with its output when it exits non-zero. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** A file of {@code mib} MiB of random bytes (random so that nothing compresses or deduplicates). */
    static Path randomFile(Path file, long mib) throws IOException {
        byte[] chunk = new byte[1 << 20];
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        try (var out = Files.newOutputStream(file)) {
            for (long i = 0; i < mib; i++) {
                for (int j = 0; j < chunk.length; j += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        chunk[j + k] = (byte) (v >>> (8 * k));
                    }
                }
                out.write(chunk);
            }
        }
        return file;
    }

    /** A file of {@code mib} MiB of Japanese text lines (text, so that it is allowed and disarmed as text). */
    static Path textFile(Path file, long mib) throws IOException {
        long size = mib << 20;
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long written = 0;
            for (long line = 0; written < size; line++) {
                byte[] text = ("台帳 " + line + " 行目: 架け橋の試験データです。\n").getBytes(StandardCharsets.UTF_8);
                int n = (int) Math.min(text.length, size - written);
                out.write(text, 0, n);
                written += n;
            }
        }
        return file;
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
