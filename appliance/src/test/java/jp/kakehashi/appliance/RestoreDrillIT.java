package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.ApprovalState;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderRole;
import jp.kakehashi.appliance.folders.Member;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.store.Sha256;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's restore drill: a running appliance receives a stream of 50 uploads over SFTP and
 * HTTPS (some held mid-pipeline, some awaiting approval, versions in a shared folder, one
 * quarantined) while backups run; the data directory is destroyed; the last snapshot is restored
 * into a new directory with the key file from the safe, and the appliance starts on it. Every file
 * receipted before that snapshot is there, published byte for byte or resuming its pipeline;
 * approvals, folder versions and the quarantine are intact; the audit chain verifies; search finds
 * the restored texts.
 */
class RestoreDrillIT {
    private static final String PASSPHRASE = "訓練用の金庫に入れた長い合言葉";
    private static final String WORD = "復元訓練";

    @TempDir
    Path tmp;

    /** Holds the next {@code armed} items that are about to be decided, until released. */
    static final class Hold implements StageHook {
        final AtomicInteger armed = new AtomicInteger();
        final Set<String> held = ConcurrentHashMap.newKeySet();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void starting(String itemId, ItemState state) {
            if (state == ItemState.SCANNED && armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                held.add(itemId);
                try {
                    release.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void everyReceiptedFileSurvivesTheLossOfTheDataDirectory() throws Exception {
        Path data = tmp.resolve("data");
        Path backups = tmp.resolve("nas");
        Path keys = tmp.resolve("safe.keys");
        Hold hold = new Hold();
        Map<String, TransferItem> before = new LinkedHashMap<>();
        Set<String> receiptedBeforeLast = new java.util.HashSet<>();
        List<String> inFlight = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<String> foundBefore;
        String lastSnapshot;
        String folderName = "道路補修 2026";
        long folderId;
        byte[] tlsBefore;
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30)) {
            try (Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), hold, 4)) {
                ApplianceHarness.addAccounts(appliance);
                ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
                cli(
                        PASSPHRASE + "\n",
                        "keys",
                        "export",
                        keys.toString(),
                        "--passphrase-stdin",
                        "--data-dir",
                        data.toString());
                Folder folder = appliance.folders().create("tanaka", folderName, "acme と図面をやり取りする", "doboku");
                folderId = folder.id();
                appliance
                        .folders()
                        .setMember(
                                "tanaka",
                                folderId,
                                Member.Kind.ORGANISATION,
                                "acme",
                                FolderRole.EDITOR,
                                Optional.empty());
                HttpClient http = PortalClient.trusting(data);
                PortalClient portal = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
                portal.signIn("acme-user");
                int internet = appliance.sftpPort(Zone.INTERNET);
                int lgwan = appliance.sftpPort(Zone.LGWAN);

                // 20 partner files over SFTP, EICAR among them, and 10 over HTTPS.
                try (var partner = ApplianceHarness.login(internet, "acme-user")) {
                    for (int i = 1; i <= 20; i++) {
                        put(partner.sftp(), "/to-city/報告書-" + i + ".txt", text("取引先からの報告 第" + i + "号"));
                    }
                    put(partner.sftp(), "/to-city/eicar.txt", Clamd.eicar());
                }
                for (int i = 1; i <= 10; i++) {
                    portal.upload("見積書-" + i + ".docx", "city", Specimens.docx(WORD + " 見積書 第" + i + "版"));
                }
                settle(appliance, 31);
                cli("", "backup", backups.toString(), "--data-dir", data.toString());

                // Staff send 5 files out (each awaits the supervisor; two are approved); a folder gets two versions.
                try (var staff = ApplianceHarness.login(lgwan, "tanaka");
                        var partner = ApplianceHarness.login(internet, "acme-user")) {
                    for (int i = 1; i <= 5; i++) {
                        put(staff.sftp(), "/to-partners/acme/回答書-" + i + ".txt", text("市からの回答 第" + i + "号"));
                    }
                    put(partner.sftp(), "/shared/" + folderName + "/図面.docx", Specimens.docx(WORD + " 図面 初版"));
                    FileVersion v1 = onlyVersion(appliance, folderId);
                    ApplianceHarness.awaitItem(appliance, nameOf(appliance, v1.item()), ItemState.PUBLISHED);
                    // Staff edit what they fetched: the folder takes a version based on the one read.
                    get(staff.sftp(), "/shared/" + folderName + "/図面.docx");
                    put(staff.sftp(), "/shared/" + folderName + "/図面.docx", Specimens.docx(WORD + " 図面 第二版"));
                }
                settle(appliance, 38);
                for (int i = 1; i <= 2; i++) {
                    TransferItem out =
                            ApplianceHarness.awaitItem(appliance, "回答書-" + i + ".txt", ItemState.AWAITING_APPROVAL);
                    for (ApprovalRequest r : appliance.approvals().forItem(out.id())) {
                        appliance.approvals().approve(r.id(), "suzuki", Optional.of(out.renditionSha256()), "確認しました");
                    }
                    ApplianceHarness.awaitItem(appliance, "回答書-" + i + ".txt", ItemState.PUBLISHED);
                }
                cli("", "backup", backups.toString(), "--data-dir", data.toString());

                // Two files stop mid-pipeline; then ten more arrive while the last backup runs.
                hold.armed.set(2);
                try (var partner = ApplianceHarness.login(internet, "acme-user")) {
                    put(partner.sftp(), "/to-city/途中-1.txt", text("処理途中の文書 一"));
                    put(partner.sftp(), "/to-city/途中-2.txt", text("処理途中の文書 二"));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (hold.held.size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(hold.held).hasSize(2);
                appliance.items().all().forEach(i -> receiptedBeforeLast.add(i.id()));
                ExecutorService stream = Executors.newSingleThreadExecutor();
                Future<?> late = stream.submit(() -> {
                    try (var partner = ApplianceHarness.login(internet, "acme-user")) {
                        for (int i = 1; i <= 5; i++) {
                            put(partner.sftp(), "/to-city/追加-" + i + ".txt", text("追加の報告 第" + i + "号"));
                            inFlight.add("追加-" + i + ".txt");
                        }
                        for (int i = 1; i <= 5; i++) {
                            portal.upload("追加見積-" + i + ".docx", "city", Specimens.docx(WORD + " 追加見積 " + i));
                            inFlight.add("追加見積-" + i + ".docx");
                        }
                    }
                    return null;
                });
                CliRunner.Run last = cli("", "backup", backups.toString(), "--data-dir", data.toString());
                late.get(2, TimeUnit.MINUTES);
                stream.shutdown();
                lastSnapshot = last.out().replaceAll("(?s).*snapshot (\\S+) in .*", "$1");

                assertThat(appliance.items().all()).hasSize(50);
                for (TransferItem i : appliance.items().all()) {
                    before.put(i.id(), i);
                }
                foundBefore = Set.copyOf(appliance.index().search(WORD, Zone.LGWAN, Optional.empty(), 100));
                tlsBefore = Files.readAllBytes(new DataDir(data).tlsKeyStore());
                // Let the old appliance finish what it holds before it goes, so it stops quietly.
                hold.release.countDown();
                settle(appliance, 50);
            }

            // The disk is lost.
            deleteTree(data);
            assertThat(data).doesNotExist();

            Path restored = tmp.resolve("restored");
            CliRunner.Run restore = cli(
                    PASSPHRASE + "\n",
                    "restore",
                    backups.toString(),
                    "--keys",
                    keys.toString(),
                    "--passphrase-stdin",
                    "--data-dir",
                    restored.toString());
            assertThat(restore.out()).contains("復元しました").contains(lastSnapshot);
            assertThat(Files.readAllBytes(new DataDir(restored).tlsKeyStore()))
                    .as("partners' clients see the same certificate and host keys")
                    .isEqualTo(tlsBefore);

            try (Appliance appliance = ApplianceHarness.start(restored, clamd.tcpAddress(), StageHook.NONE)) {
                Map<String, TransferItem> after = new LinkedHashMap<>();
                appliance.items().all().forEach(i -> after.put(i.id(), i));
                assertThat(after.keySet()).containsAll(receiptedBeforeLast);

                // Those held mid-pipeline resume and publish.
                for (String id : hold.held) {
                    ApplianceHarness.awaitItem(appliance, before.get(id).name(), ItemState.PUBLISHED);
                }
                // Published files are byte for byte what staff fetched before.
                int published = 0;
                try (var staff = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
                    for (TransferItem was : before.values()) {
                        if (!after.containsKey(was.id())
                                || was.state() != ItemState.PUBLISHED
                                || was.inFolder()
                                || !was.flow().from().equals(Zone.INTERNET)) {
                            continue;
                        }
                        byte[] fetched = get(staff.sftp(), "/from-partners/acme/" + was.renditionName());
                        assertThat(sha256(fetched)).as(was.name()).isEqualTo(was.renditionSha256());
                        published++;
                    }
                }
                // Approvals: the decided ones stay published, the pending ones can still be decided.
                List<TransferItem> pending = appliance.items().all().stream()
                        .filter(i -> i.state() == ItemState.AWAITING_APPROVAL && !i.inFolder())
                        .toList();
                assertThat(pending)
                        .extracting(TransferItem::name)
                        .containsExactlyInAnyOrder("回答書-3.txt", "回答書-4.txt", "回答書-5.txt");
                TransferItem third = pending.stream()
                        .filter(i -> i.name().equals("回答書-3.txt"))
                        .findFirst()
                        .orElseThrow();
                assertThat(appliance.approvals().forItem(third.id()))
                        .allSatisfy(r -> assertThat(r.state()).isEqualTo(ApprovalState.PENDING));
                for (ApprovalRequest r : appliance.approvals().forItem(third.id())) {
                    appliance.approvals().approve(r.id(), "suzuki", Optional.of(third.renditionSha256()), "復元後に確認");
                }
                ApplianceHarness.awaitItem(appliance, "回答書-3.txt", ItemState.PUBLISHED);
                try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                    assertThat(EndToEndIT.list(partner.sftp(), "/from-city"))
                            .contains("回答書-1.txt", "回答書-2.txt", "回答書-3.txt");
                    // The folder: the partner's version is there, staff's second waits for approval.
                    assertThat(get(partner.sftp(), "/shared/" + folderName + "/図面.docx"))
                            .isNotEmpty();
                }
                List<FileVersion> versions = appliance
                        .folders()
                        .versions(onlyVersion(appliance, folderId).file());
                assertThat(versions).hasSize(2);
                assertThat(after.get(versions.get(1).item()).state()).isEqualTo(ItemState.AWAITING_APPROVAL);
                // The quarantine.
                TransferItem eicar = after.values().stream()
                        .filter(i -> i.name().equals("eicar.txt"))
                        .findFirst()
                        .orElseThrow();
                assertThat(eicar.state()).isEqualTo(ItemState.QUARANTINED);
                assertThat(eicar.reasonCode()).isEqualTo("MALWARE");

                // Search finds the restored texts once the index is rebuilt.
                long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (Files.exists(new DataDir(restored).indexRebuild()) && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                Set<String> foundAfter = Set.copyOf(appliance.index().search(WORD, Zone.LGWAN, Optional.empty(), 100));
                Set<String> expected = new java.util.HashSet<>(foundBefore);
                expected.retainAll(after.keySet());
                assertThat(foundAfter).containsAll(expected);

                AuditVerifier.Result chain = AuditVerifier.verify(restored.resolve("audit"));
                assertThat(chain.ok()).as(chain.problem()).isTrue();
                assertThat(AuditLog.readRecords(restored.resolve("audit")))
                        .anySatisfy(r -> assertThat(r.path("type").asText()).isEqualTo("BACKUP_RESTORED"));

                long lateRestored = inFlight.stream()
                        .filter(n ->
                                after.values().stream().anyMatch(i -> i.name().equals(n)))
                        .count();
                System.out.printf(
                        "restore drill: %d uploads, %d receipted before the last snapshot (all restored), %d of %d"
                                + " arriving during it restored too; %d published verified by SHA-256, %d resumed"
                                + " mid-pipeline, %d approvals still pending, %d folder versions, 1 quarantined;"
                                + " search: %d of %d hits; audit chain of %d records verifies%n",
                        before.size(),
                        receiptedBeforeLast.size(),
                        lateRestored,
                        inFlight.size(),
                        published,
                        hold.held.size(),
                        pending.size(),
                        versions.size(),
                        foundAfter.size(),
                        foundBefore.size(),
                        chain.records());
            }
        }
    }

    /** Waits until {@code count} items exist and none is still being worked on. */
    private static void settle(Appliance appliance, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            List<TransferItem> all = appliance.items().all();
            if (all.size() >= count
                    && all.stream().allMatch(i -> i.state().terminal() || i.state() == ItemState.AWAITING_APPROVAL)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("items did not settle: " + appliance.items().all());
    }

    private static FileVersion onlyVersion(Appliance appliance, long folder) {
        return appliance
                .folders()
                .versions(appliance.folders().files(folder).get(0).id())
                .get(0);
    }

    private static String nameOf(Appliance appliance, String item) {
        return appliance.items().find(item).orElseThrow().name();
    }

    private static CliRunner.Run cli(String stdin, String... args) {
        CliRunner.Run run = CliRunner.run(stdin, args);
        assertThat(run.exit())
                .as(String.join(" ", args) + "\n" + run.out() + run.err())
                .isZero();
        return run;
    }

    private static byte[] text(String s) {
        return (WORD + " " + s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void put(SftpClient sftp, String path, byte[] content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content);
        }
    }

    private static byte[] get(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws IOException {
        return Sha256.of(new java.io.ByteArrayInputStream(bytes));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
