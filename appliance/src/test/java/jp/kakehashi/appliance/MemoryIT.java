package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 512 MiB file crosses with the daemon's heap capped at 128 MiB: uploaded over SFTP, scanned,
 * disarmed, indexed, published and downloaded again byte for byte. The daemon runs as a child
 * JVM ({@code kakehashi up}) so the cap is real; it exits on the first OutOfMemoryError.
 */
class MemoryIT {
    private static final long SIZE = 512L << 20;
    private static final Pattern LISTENER =
            Pattern.compile("^\\s+(internet|lgwan|mynumber)\\s.*SFTP [^ ]+:(\\d+)\\s*$");

    @TempDir
    Path tmp;

    @Test
    void aHalfGigabyteFileCrossesWithA128MiBHeap() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            Path data = tmp.resolve("data");
            Path config = tmp.resolve("kakehashi.yaml");
            Files.writeString(config, """
                    data-dir: data
                    zones:
                      internet: {address: 127.0.0.1, sftp-port: 0}
                      lgwan: {address: 127.0.0.1, sftp-port: 0}
                      mynumber: {address: 127.0.0.1, sftp-port: 0}
                    scanner:
                      clamd: %s
                      stream-max-length: 1GB
                      timeout: 60s
                    pipeline:
                      workers: 1
                    """.formatted(clamd.tcpAddress()));
            for (List<String> user :
                    List.of(List.of("acme-user", "partner", "acme"), List.of("tanaka", "staff", "somu"))) {
                CliRunner.Run r = CliRunner.run(
                        ApplianceHarness.PASSWORD + "\n",
                        "user",
                        "add",
                        user.get(0),
                        "--role",
                        user.get(1),
                        "--org",
                        user.get(2),
                        "--password-stdin",
                        "--config",
                        config.toString());
                assertThat(r.exit()).as(r.err()).isZero();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            Process daemon = new ProcessBuilder(
                            java,
                            "-Xmx128m",
                            "-XX:+ExitOnOutOfMemoryError",
                            "-Djdk.serialFilter=!*",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "jp.kakehashi.appliance.Main",
                            "up",
                            "--config",
                            config.toString())
                    .redirectError(tmp.resolve("daemon.err").toFile())
                    .start();
            try {
                Map<Zone, Integer> ports = ports(daemon);
                byte[] uploaded;
                try (var partner = ApplianceHarness.login(
                                ports.get(Zone.INTERNET), "acme-user", ApplianceHarness.PASSWORD);
                        OutputStream out = partner.sftp().write("/to-city/大きな台帳.txt")) {
                    uploaded = writeText(out);
                }
                byte[] downloaded;
                try (var staff = ApplianceHarness.login(ports.get(Zone.LGWAN), "tanaka", ApplianceHarness.PASSWORD)) {
                    awaitListed(staff.sftp(), "/from-partners/acme", "大きな台帳.txt", daemon);
                    try (InputStream in = staff.sftp().read("/from-partners/acme/大きな台帳.txt")) {
                        downloaded = sha256(in);
                    }
                }
                assertThat(daemon.isAlive())
                        .as("the daemon survived with -Xmx128m")
                        .isTrue();
                assertThat(downloaded).isEqualTo(uploaded);
            } finally {
                daemon.destroy();
                daemon.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<Zone, Integer> ports(Process daemon) throws Exception {
        Map<Zone, Integer> ports = new EnumMap<>(Zone.class);
        BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (ports.size() < 3 && (line = out.readLine()) != null) {
            Matcher m = LISTENER.matcher(line);
            if (m.matches()) {
                ports.put(Zone.parse(m.group(1)), Integer.parseInt(m.group(2)));
            }
        }
        assertThat(ports).as("kakehashi up printed its three listeners").hasSize(3);
        return ports;
    }

    /** Writes SIZE bytes of Japanese text lines and returns their SHA-256. */
    private static byte[] writeText(OutputStream out) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[256 * 1024];
        long written = 0;
        long line = 0;
        int fill = 0;
        while (written < SIZE) {
            byte[] text = ("台帳 " + (line++) + " 行目: 架け橋の大きな試験データです。\n").getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(text.length, SIZE - written);
            if (fill + n > buffer.length) {
                out.write(buffer, 0, fill);
                sha.update(buffer, 0, fill);
                fill = 0;
            }
            System.arraycopy(text, 0, buffer, fill, n);
            fill += n;
            written += n;
        }
        out.write(buffer, 0, fill);
        sha.update(buffer, 0, fill);
        return sha.digest();
    }

    private static byte[] sha256(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[256 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            sha.update(buffer, 0, n);
        }
        return sha.digest();
    }

    private static void awaitListed(
            org.apache.sshd.sftp.client.SftpClient sftp, String dir, String name, Process daemon) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            assertThat(daemon.isAlive()).as("the daemon is still running").isTrue();
            if (EndToEndIT.list(sftp, dir).contains(name)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " was not published in time");
    }
}
