package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @TempDir
    Path tmp;

    @Test
    void aHalfGigabyteFileCrossesWithA128MiBHeap() throws Exception {
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            try (DaemonProcess daemon =
                    DaemonProcess.start(tmp, clamd.tcpAddress(), List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"))) {
                byte[] uploaded;
                try (var partner = ApplianceHarness.login(daemon.port(Zone.INTERNET), "acme-user");
                        OutputStream out = partner.sftp().write("/to-city/大きな台帳.txt")) {
                    uploaded = writeText(out);
                }
                byte[] downloaded;
                try (var staff = ApplianceHarness.login(daemon.port(Zone.LGWAN), "tanaka")) {
                    awaitListed(staff.sftp(), "/from-partners/acme", "大きな台帳.txt", daemon);
                    try (InputStream in = staff.sftp().read("/from-partners/acme/大きな台帳.txt")) {
                        downloaded = sha256(in);
                    }
                }
                assertThat(daemon.alive())
                        .as("the daemon survived with -Xmx128m")
                        .isTrue();
                assertThat(downloaded).isEqualTo(uploaded);
            }
        }
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
            org.apache.sshd.sftp.client.SftpClient sftp, String dir, String name, DaemonProcess daemon)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            assertThat(daemon.alive()).as("the daemon is still running").isTrue();
            if (EndToEndIT.list(sftp, dir).contains(name)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " was not published in time");
    }
}
