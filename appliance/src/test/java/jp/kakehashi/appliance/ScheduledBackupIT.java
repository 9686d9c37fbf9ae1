package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.backup.BackupSchedule;
import jp.kakehashi.appliance.backup.BackupTarget;
import jp.kakehashi.appliance.backup.SnapshotRetention;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's own backups ({@code backup:} in kakehashi.yaml): they run on their schedule while
 * files flow, a destination that goes away (an unmounted share) is audited as BACKUP_FAILED and
 * holds up no file, and the next turn after it comes back writes a snapshot that verifies.
 */
class ScheduledBackupIT {
    @TempDir
    Path tmp;

    @Test
    void scheduledBackupsRunBesideThePipelineAndAFailingDestinationIsAuditedNotFatal() throws Exception {
        Path data = tmp.resolve("data");
        Path nas = tmp.resolve("nas");
        Files.createDirectories(nas);
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            var config = ApplianceHarness.config(data, clamd.tcpAddress())
                    .withBackup(Optional.of(new BackupSchedule(
                            new BackupTarget.Directory(nas),
                            Duration.ofSeconds(2),
                            new SnapshotRetention(3, 0, 0),
                            List.of())));
            try (Appliance appliance = Appliance.start(config, Clock.systemUTC(), new SecureRandom(), StageHook.NONE)) {
                ApplianceHarness.addAccounts(appliance);
                int internet = appliance.sftpPort(Zone.INTERNET);
                upload(internet, "定期バックアップ前.txt");
                ApplianceHarness.awaitItem(appliance, "定期バックアップ前.txt", ItemState.PUBLISHED);
                int before = count(data, created());
                awaitAudit(data, created(), before + 2);
                ApplianceHarness.cli("backup", "verify", nas.toString(), "--data-dir", data.toString());

                // The share is unmounted: a plain file where the folder was.
                deleteTree(nas);
                Files.writeString(nas, "not a folder");
                int failuresBefore = count(data, failed());
                upload(internet, "共有が外れている間.txt");
                ApplianceHarness.awaitItem(appliance, "共有が外れている間.txt", ItemState.PUBLISHED);
                awaitAudit(data, failed(), failuresBefore + 1);
                JsonNode failure = records(data).stream()
                        .filter(failed())
                        .reduce((a, b) -> b)
                        .orElseThrow();
                assertThat(failure.path("data").path("destination").asText()).isEqualTo(nas.toString());
                assertThat(failure.path("data").path("reason").asText()).isNotBlank();

                // Mounted again: the next turn succeeds and includes the file that came meanwhile.
                Files.delete(nas);
                Files.createDirectories(nas);
                int createdBefore = count(data, created());
                awaitAudit(data, created(), createdBefore + 1);
                assertThat(ApplianceHarness.cli("backup", "verify", nas.toString(), "--data-dir", data.toString())
                                .out())
                        .startsWith("OK: snapshot");
                JsonNode last = records(data).stream()
                        .filter(created())
                        .reduce((a, b) -> b)
                        .orElseThrow();
                assertThat(last.path("data").path("destination").asText()).isEqualTo(nas.toString());
                assertThat(last.path("data").path("snapshot").asText()).isNotBlank();
                try (var stream = Files.list(nas.resolve("snapshots"))) {
                    assertThat(stream.filter(p -> !p.getFileName().toString().startsWith("."))
                                    .count())
                            .as("keep-daily 3 prunes the rest (they are all from today, so only the newest stays)")
                            .isEqualTo(1);
                }
            }
        }
    }

    private static void upload(int port, String name) throws Exception {
        try (var partner = ApplianceHarness.login(port, "acme-user");
                OutputStream out = partner.sftp().write("/to-city/" + name)) {
            out.write(("定期バックアップの確認 " + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Predicate<JsonNode> created() {
        return r -> r.path("type").asText().equals("BACKUP_CREATED");
    }

    private static Predicate<JsonNode> failed() {
        return r -> r.path("type").asText().equals("BACKUP_FAILED");
    }

    private static List<JsonNode> records(Path data) {
        return AuditLog.readRecords(data.resolve("audit"));
    }

    private static int count(Path data, Predicate<JsonNode> which) {
        return (int) records(data).stream().filter(which).count();
    }

    private static void awaitAudit(Path data, Predicate<JsonNode> which, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(data, which) < atLeast) {
            assertThat(System.nanoTime())
                    .as("audit records never reached " + atLeast)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
