package jp.kakehashi.appliance;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kakehashi.policies.Zone;

/**
 * B-MEM: a 512 MiB file through SFTP (up, pipeline, down) with the daemon at {@code -Xmx128m}.
 * Absolute: passes or not, peak RSS and the GC pause p99 from the daemon's GC log.
 */
final class BenchMem {
    private static final Pattern PAUSE = Pattern.compile("Pause.* ([0-9.]+)ms$");

    private BenchMem() {}

    static void run(Path work) throws Exception {
        Path gcLog = work.resolve("gc.log");
        try (Clamd clamd = Clamd.start(work.resolve("clamd"), 1L << 30);
                DaemonProcess daemon = DaemonProcess.start(
                        work,
                        clamd.tcpAddress(),
                        List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog))) {
            long t = System.nanoTime();
            try (var partner = ApplianceHarness.login(daemon.port(Zone.INTERNET), "acme-user");
                    OutputStream out = partner.sftp().write("/to-city/big.txt");
                    InputStream in = Files.newInputStream(BenchProcesses.textFile(work.resolve("big.txt"), 512))) {
                in.transferTo(out);
            }
            long downloaded = 0;
            try (var staff = ApplianceHarness.login(daemon.port(Zone.LGWAN), "tanaka")) {
                long deadline = System.nanoTime() + 600_000_000_000L;
                while (!EndToEndIT.list(staff.sftp(), "/from-partners/acme").contains("big.txt")) {
                    if (!daemon.alive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the daemon died or did not publish in time");
                    }
                    Thread.sleep(500);
                }
                try (InputStream in = staff.sftp().read("/from-partners/acme/big.txt")) {
                    downloaded = in.transferTo(OutputStream.nullOutputStream());
                }
            }
            List<Double> pauses = new ArrayList<>();
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    pauses.add(Double.parseDouble(m.group(1)));
                }
            }
            pauses.sort(null);
            double p99 = pauses.isEmpty()
                    ? 0
                    : pauses.get(Math.min(pauses.size() - 1, (int) Math.ceil(pauses.size() * 0.99) - 1));
            BenchMain.report(
                    "B-MEM",
                    Map.of(
                            "passes", String.valueOf(daemon.alive() && downloaded == 512L << 20),
                            "heap", "-Xmx128m",
                            "file_mib", "512",
                            "peak_rss_mib", String.valueOf(daemon.peakRssKib() / 1024),
                            "gc_pauses", String.valueOf(pauses.size()),
                            "gc_pause_p99_ms", String.format("%.2f", p99),
                            "gc_pause_max_ms",
                                    String.format("%.2f", pauses.isEmpty() ? 0 : pauses.get(pauses.size() - 1)),
                            "seconds_up_pipeline_down", String.format("%.1f", (System.nanoTime() - t) / 1e9)));
        }
    }
}
