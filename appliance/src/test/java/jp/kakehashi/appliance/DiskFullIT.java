package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.identity.PersonalTokens;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ATTACKS F-08: the data directory on a 64 MiB tmpfs with a 16 MiB reserve. An upload that would
 * eat into the reserve stops with DISK_FULL and leaves nothing; once the disk is below the reserve,
 * new uploads are refused before they send a byte, over SFTP and HTTPS (507), with the reason in
 * both languages and in the audit trail; when space is freed, uploads work again. Needs root for
 * the mount (CI runs as root); skipped elsewhere.
 */
class DiskFullIT {
    private static final long RESERVE = 16L << 20;

    @TempDir
    Path tmp;

    @Test
    void aFullDiskRefusesUploadsWithAReasonAndLosesNothing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString());
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            Path data = disk.resolve("data");
            try (Appliance appliance = Appliance.start(
                    ApplianceHarness.config(data, clamd.tcpAddress()).withDiskReserve(RESERVE),
                    Clock.systemUTC(),
                    new SecureRandom(),
                    StageHook.NONE)) {
                ApplianceHarness.addAccounts(appliance);
                String token;
                try (Database db = Database.open(new DataDir(data).database())) {
                    token = new PersonalTokens(db, new JdbcIdentityStore(), new SecureRandom(), Clock.systemUTC())
                            .make("acme-user", "disk-full", Duration.ofDays(1))
                            .token();
                }
                try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                    EndToEndIT.put(partner.sftp(), "/to-city/小さな報告.txt", text(4 << 20));
                    ApplianceHarness.awaitItem(appliance, "小さな報告.txt", ItemState.PUBLISHED);

                    // Larger than what is left above half the reserve: stopped part-way.
                    assertThatThrownBy(() -> {
                                try (OutputStream out = partner.sftp().write("/to-city/大きな台帳.txt")) {
                                    byte[] chunk = text(1 << 20);
                                    for (int i = 0; i < 64; i++) {
                                        out.write(chunk);
                                    }
                                }
                            })
                            .as("the sender is told the disk is full")
                            .hasMessageContaining("DISK_FULL");
                    assertThat(appliance.items().all())
                            .as("nothing of the stopped upload entered the pipeline")
                            .extracting(i -> i.name())
                            .containsExactly("小さな報告.txt");
                    assertThat(temps(data)).as("its temporary file is gone").isEmpty();

                    // Below the reserve: refused before a byte is sent, on every channel.
                    Path filler = disk.resolve("filler");
                    fill(filler, Files.getFileStore(disk).getUsableSpace() - RESERVE / 2);
                    assertThatThrownBy(() -> EndToEndIT.put(partner.sftp(), "/to-city/次の報告.txt", text(1024)))
                            .hasMessageContaining("DISK_FULL")
                            .hasMessageContaining("空き容量が不足");
                    HttpResponse<String> api = PortalClient.trusting(data)
                            .send(
                                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                                                    + appliance.httpsPort(Zone.INTERNET) + "/api/v1/files"))
                                            .header("Authorization", "Bearer " + token)
                                            .header("X-Destination", "city")
                                            .header("X-File-Name", "api.txt")
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(text(1024)))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(api.statusCode()).isEqualTo(507);
                    JsonNode refusal = new com.fasterxml.jackson.databind.ObjectMapper().readTree(api.body());
                    assertThat(refusal.path("code").asText()).isEqualTo("DISK_FULL");
                    assertThat(refusal.path("ja").asText()).contains("空き容量が不足");

                    // Space freed: uploads work again.
                    Files.delete(filler);
                    EndToEndIT.put(partner.sftp(), "/to-city/次の報告.txt", text(1024));
                    ApplianceHarness.awaitItem(appliance, "次の報告.txt", ItemState.PUBLISHED);
                }
            }
            List<String> refusals = AuditLog.readRecords(data.resolve("audit")).stream()
                    .filter(r -> r.path("type").asText().startsWith("UPLOAD_"))
                    .map(r -> r.path("type").asText() + " "
                            + r.path("data").path("reason").asText() + " "
                            + r.path("data").path("protocol").asText())
                    .toList();
            assertThat(refusals)
                    .contains(
                            "UPLOAD_ABORTED DISK_FULL ",
                            "UPLOAD_REFUSED DISK_FULL sftp",
                            "UPLOAD_REFUSED DISK_FULL https");
            AuditVerifier.Result verified = AuditVerifier.verify(data.resolve("audit"));
            assertThat(verified.ok()).as(verified.problem()).isTrue();
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static List<Path> temps(Path data) throws Exception {
        Path dir = data.resolve("tmp");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static void fill(Path file, long bytes) throws Exception {
        byte[] zeros = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
    }

    /** Whole lines of Japanese text, about {@code bytes} long. */
    private static byte[] text(int bytes) {
        byte[] line = "台帳の行です。架け橋の試験データ。\n".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes / line.length * line.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = line[i % line.length];
        }
        return out;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
