package jp.kakehashi.appliance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Flow;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: a snapshot of a real data directory (database, encrypted blobs, signed audit log)
 * restores byte for byte into an empty directory; a later one copies only what is new; every kind
 * of damage is named by its reason, and nothing is half-restored.
 */
class BackupTest {
    private static final char[] PASSPHRASE = "金庫にしまう長いパスフレーズ".toCharArray();

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T01:00:00Z"));
    final SecureRandom random = new SecureRandom();
    DataDir data;
    Database db;
    Items items;
    EncryptedFileBlobStore blobs;
    AuditKeys auditKeys;
    AuditLog audit;
    Path dest;
    Path keyFile;
    int serial;

    @BeforeEach
    void open() {
        data = new DataDir(tmp.resolve("data"));
        db = Database.open(dataDatabase());
        blobs = new EncryptedFileBlobStore(data.root(), MasterKey.forData(db, data.masterKey(), random), random);
        items = new Items(db, new JdbcItemStore(), clock);
        auditKeys = AuditKeys.loadOrGenerate(data.auditKey(), data.auditPublicKey(), random);
        audit = AuditLog.open(data.audit(), auditKeys, clock);
        dest = tmp.resolve("backup");
        keyFile = tmp.resolve("safe").resolve("kakehashi.keys");
        try {
            Files.createDirectories(keyFile.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path dataDatabase() {
        try {
            Files.createDirectories(tmp.resolve("data"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return tmp.resolve("data").resolve("kakehashi.db");
    }

    @AfterEach
    void close() {
        audit.close();
        db.close();
    }

    @Test
    void aSnapshotRestoresByteForByteAndTheRestoredLogRecordsTheRestore() throws Exception {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            String text = "見積書 第" + i + "版 " + "内容".repeat(i * 5000);
            texts.put(receive(text), text);
        }
        Backup.Outcome first = backup();
        assertThat(first.blobsCopied()).isEqualTo(5);
        assertThat(first.manifest().auditRecords()).isEqualTo(audit.lastSeq());
        KeyFile.export(data, keyFile, PASSPHRASE, random);
        assertThat(Files.readString(keyFile))
                .doesNotContain(Files.readString(data.masterKey(), StandardCharsets.ISO_8859_1));

        DataDir restored = new DataDir(tmp.resolve("restored"));
        Restore.Outcome outcome = new Restore(KeyFile.open(keyFile, PASSPHRASE), Clock.systemUTC(), random)
                .run(dest, Optional.empty(), restored, "cli:operator");

        assertThat(outcome.blobs()).isEqualTo(5);
        assertThat(outcome.manifest().snapshot()).isEqualTo(first.manifest().snapshot());
        try (Database again = Database.open(restored.database())) {
            EncryptedFileBlobStore store =
                    new EncryptedFileBlobStore(restored.root(), MasterKey.loadFor(again, restored.masterKey()), random);
            Items restoredItems = new Items(again, new JdbcItemStore(), clock);
            for (Map.Entry<String, String> e : texts.entrySet()) {
                String blob = restoredItems.find(e.getKey()).orElseThrow().originalBlob();
                try (InputStream in = store.open(new BlobId(blob))) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .isEqualTo(e.getValue());
                }
            }
        }
        AuditVerifier.Result chain = AuditVerifier.verify(restored.audit());
        assertThat(chain.ok()).as(chain.problem()).isTrue();
        List<JsonNode> records = AuditLog.readRecords(restored.audit());
        JsonNode last = records.get(records.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("BACKUP_RESTORED");
        assertThat(last.path("actor").asText()).isEqualTo("cli:operator");
        assertThat(last.path("data").path("snapshot").asText())
                .isEqualTo(first.manifest().snapshot());
        assertThat(restored.index()).doesNotExist();
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("restoring"));
    }

    @Test
    void aLaterBackupCopiesOnlyTheNewFileAndNamesTheOneBefore() throws Exception {
        for (int i = 0; i < 4; i++) {
            receive("報告書 " + i);
        }
        Backup.Outcome first = backup();
        clock.advance(Duration.ofHours(1));
        receive("新しい報告書");
        audit.append(AuditEvent.system(AuditType.APPLIANCE_STARTED, Map.of()));

        Backup.Outcome second = backup();

        assertThat(second.blobsCopied()).isEqualTo(1);
        assertThat(second.blobsKept()).isEqualTo(4);
        assertThat(second.manifest().blobs()).hasSize(5);
        assertThat(second.manifest().previous()).isEqualTo(first.manifest().snapshot());
        assertThat(check().verify(second.manifest().snapshot()).problems()).isEmpty();
        assertThat(check().verify(first.manifest().snapshot()).problems()).isEmpty();
    }

    @Test
    void aTamperedManifestIsNamed() throws Exception {
        receive("契約書");
        String id = backup().manifest().snapshot();
        Path manifest = dest.resolve("snapshots").resolve(id).resolve("manifest.json");
        Files.writeString(
                manifest,
                Files.readString(manifest).replace("\"schema\"", "\"schema\" ").replace("development", "evil"));

        assertThat(reasons(id)).containsExactly(BackupRefused.Reason.MANIFEST_TAMPERED);
        assertRestoreRefused(id, BackupRefused.Reason.MANIFEST_TAMPERED);
    }

    @Test
    void aMissingBlobIsNamed() throws Exception {
        String item = receive("請求書");
        String id = backup().manifest().snapshot();
        Files.delete(dest.resolve(EncryptedFileBlobStore.relativePath(
                new BlobId(items.find(item).orElseThrow().originalBlob()))));

        assertThat(reasons(id)).containsExactly(BackupRefused.Reason.BLOB_MISSING);
        assertRestoreRefused(id, BackupRefused.Reason.BLOB_MISSING);
    }

    @Test
    void aFlippedByteInABlobIsNamed() throws Exception {
        String item = receive("納品書 ".repeat(1000));
        String id = backup().manifest().snapshot();
        Path blob = dest.resolve(EncryptedFileBlobStore.relativePath(
                new BlobId(items.find(item).orElseThrow().originalBlob())));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(blob, bytes);

        assertThat(reasons(id)).containsExactly(BackupRefused.Reason.BLOB_DAMAGED);
        assertRestoreRefused(id, BackupRefused.Reason.BLOB_DAMAGED);
    }

    @Test
    void aWrongPassphraseOrAnotherAppliancesKeysAreNamed() throws Exception {
        receive("議事録");
        backup();
        KeyFile.export(data, keyFile, PASSPHRASE, random);

        assertThatThrownBy(() -> KeyFile.open(keyFile, "違うパスフレーズですよ".toCharArray()))
                .isInstanceOfSatisfying(
                        BackupRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(BackupRefused.Reason.WRONG_PASSPHRASE))
                .hasMessageContaining("パスフレーズが違います");
        assertThatThrownBy(() -> KeyFile.export(data, tmp.resolve("weak.keys"), "short".toCharArray(), random))
                .isInstanceOfSatisfying(
                        BackupRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(BackupRefused.Reason.WEAK_PASSPHRASE));

        DataDir other = new DataDir(tmp.resolve("other"));
        try (Database otherDb = Database.open(dataIn(other))) {
            MasterKey.forData(otherDb, other.masterKey(), random);
            AuditKeys.loadOrGenerate(other.auditKey(), other.auditPublicKey(), random);
        }
        Path otherKeys = tmp.resolve("other.keys");
        KeyFile.export(other, otherKeys, PASSPHRASE, random);
        DataDir target = new DataDir(tmp.resolve("restored"));
        assertThatThrownBy(() -> new Restore(KeyFile.open(otherKeys, PASSPHRASE), clock, random)
                        .run(dest, Optional.empty(), target, "cli:operator"))
                .isInstanceOfSatisfying(
                        BackupRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(BackupRefused.Reason.MANIFEST_TAMPERED))
                .hasMessageContaining("別の装置");
        assertThat(target.root()).doesNotExist();
    }

    @Test
    void aRestoreGoesOnlyIntoAnEmptyDirectory() throws Exception {
        receive("議事録");
        backup();
        KeyFile.export(data, keyFile, PASSPHRASE, random);
        DataDir target = new DataDir(tmp.resolve("restored"));
        Files.createDirectories(target.root());
        Files.writeString(target.root().resolve("note.txt"), "誰かのファイル");

        assertThatThrownBy(() -> new Restore(KeyFile.open(keyFile, PASSPHRASE), clock, random)
                        .run(dest, Optional.empty(), target, "cli:operator"))
                .isInstanceOfSatisfying(
                        BackupRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(BackupRefused.Reason.TARGET_NOT_EMPTY));
        assertThat(Files.list(target.root())).hasSize(1);
    }

    @Test
    void anAuditLogRewrittenByTheKeyHolderDoesNotExtendTheSnapshotBefore() throws Exception {
        receive("議事録");
        String first = backup().manifest().snapshot();
        clock.advance(Duration.ofHours(1));
        audit.append(AuditEvent.system(AuditType.APPLIANCE_STARTED, Map.of()));
        String second = backup().manifest().snapshot();
        // Someone holding the audit key writes a new history and re-signs the second manifest.
        Path dir = dest.resolve("snapshots").resolve(second);
        Path forged = tmp.resolve("forged");
        try (AuditLog other = AuditLog.open(forged, auditKeys, clock)) {
            for (int i = 0; i < 3; i++) {
                other.append(AuditEvent.system(AuditType.APPLIANCE_STOPPED, Map.of("n", String.valueOf(i))));
            }
        }
        for (String f : List.of("audit.jsonl", "checkpoints.jsonl")) {
            Files.copy(
                    forged.resolve(f),
                    dir.resolve("audit").resolve(f),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Manifest m = Manifest.parse(Files.readAllBytes(dir.resolve("manifest.json")));
        Map<String, Manifest.Entry> files = new LinkedHashMap<>(m.files());
        for (String f : List.of("audit/audit.jsonl", "audit/checkpoints.jsonl")) {
            Path p = dir.resolve(f);
            files.put(f, new Manifest.Entry(Files.size(p), jp.kakehashi.appliance.store.Sha256.of(p)));
        }
        AuditVerifier.Result forgedChain = AuditVerifier.verify(dir.resolve("audit"));
        Manifest rewritten = new Manifest(
                m.snapshot(),
                m.created(),
                m.version(),
                m.previous(),
                m.schema(),
                forgedChain.records(),
                forgedChain.lastHash(),
                files,
                m.blobs(),
                m.erased());
        Files.write(dir.resolve("manifest.json"), rewritten.toJson());
        Files.writeString(dir.resolve("manifest.sig"), auditKeys.signDocument(Manifest.SIGNED_AS, rewritten.toJson()));

        assertThat(reasons(second)).containsExactly(BackupRefused.Reason.AUDIT_DOES_NOT_EXTEND);
        assertThat(reasons(first)).isEmpty();
    }

    @Test
    void pruningKeepsWhatTheRuleSaysAndEveryKeptSnapshotStaysWhole() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        String erasedItem = receive("一日目の文書");
        for (int day = 0; day < 6; day++) {
            receive("報告 " + day);
            if (day == 2) {
                // Retention erases the first file: only the first three snapshots still need it.
                String blob = items.find(erasedItem).orElseThrow().originalBlob();
                blobs.delete(new BlobId(blob));
                db.transaction(c -> {
                    try (var s = c.prepareStatement("UPDATE items SET original_purged_at = ? WHERE id = ?")) {
                        s.setString(1, clock.instant().toString());
                        s.setString(2, erasedItem);
                        return s.executeUpdate();
                    }
                });
            }
            ids.add(backup().manifest().snapshot());
            clock.advance(Duration.ofDays(1));
        }
        Set<String> last = manifest(ids.get(5)).blobs().keySet();
        String erasedBlob = manifest(ids.get(0)).blobs().keySet().stream()
                .filter(b -> !last.contains(b))
                .findFirst()
                .orElseThrow();

        Prune.Outcome pruned = Prune.run(dest, new SnapshotRetention(3, 0, 0));

        assertThat(pruned.removed()).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(pruned.blobsRemoved()).isEqualTo(1);
        assertThat(dest.resolve(EncryptedFileBlobStore.relativePath(new BlobId(erasedBlob))))
                .doesNotExist();
        for (String kept : ids.subList(3, 6)) {
            assertThat(reasons(kept)).as(kept).isEmpty();
        }
    }

    @Test
    void theRetentionRuleKeepsTheNewestOfEachDayWeekAndMonth() {
        List<String> ids = List.of(
                "20260101-020000",
                "20260115-020000",
                "20260201-020000",
                "20261130-020000",
                "20261201-020000",
                "20261201-140000",
                "20261202-020000",
                "20261203-020000");
        assertThat(new SnapshotRetention(2, 0, 0).keep(ids))
                .containsExactlyInAnyOrder("20261203-020000", "20261202-020000");
        // 2026-11-30 is the Monday of 12-03's ISO week: the week before that with a snapshot is in February.
        assertThat(new SnapshotRetention(0, 2, 0).keep(ids))
                .containsExactlyInAnyOrder("20261203-020000", "20260201-020000");
        assertThat(new SnapshotRetention(0, 0, 3).keep(ids))
                .containsExactlyInAnyOrder("20261203-020000", "20261130-020000", "20260201-020000");
        assertThat(new SnapshotRetention(0, 0, 0).keep(ids)).containsExactly("20261203-020000");
    }

    private Manifest manifest(String snapshot) throws IOException {
        return Manifest.parse(
                Files.readAllBytes(dest.resolve("snapshots").resolve(snapshot).resolve("manifest.json")));
    }

    private Path dataIn(DataDir dir) throws IOException {
        Files.createDirectories(dir.root());
        return dir.database();
    }

    private List<BackupRefused.Reason> reasons(String snapshot) throws IOException {
        return check().verify(snapshot).problems().stream()
                .map(BackupCheck.Problem::reason)
                .toList();
    }

    private BackupCheck check() throws IOException {
        return new BackupCheck(
                dest,
                new BackupCheck.TrustedKey(Files.readString(data.auditPublicKey()), "test"),
                Optional.of(MasterKey.load(data.masterKey())));
    }

    private void assertRestoreRefused(String snapshot, BackupRefused.Reason reason) {
        KeyFile.export(data, keyFile, PASSPHRASE, random);
        DataDir target = new DataDir(tmp.resolve("restored"));
        assertThatThrownBy(() -> new Restore(KeyFile.open(keyFile, PASSPHRASE), clock, random)
                        .run(dest, Optional.of(snapshot), target, "cli:operator"))
                .isInstanceOfSatisfying(
                        BackupRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(target.root()).doesNotExist();
        assertThat(tmp.resolve(".restored.restoring")).doesNotExist();
    }

    @Test
    void anSftpServerWithItsHostKeyPinnedHoldsSnapshotsThatVerifyPruneAndRestore() throws Exception {
        Path served = tmp.resolve("sftp-server");
        Files.createDirectories(served);
        KeyPair appliance = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        Path identity = tmp.resolve("backup_id");
        try (OutputStream out = Files.newOutputStream(identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(appliance, "kakehashi-backup", null, out);
        }
        KeyPair hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator(
                (user, key, session) -> user.equals("backup") && KeyUtils.compareKeys(key, appliance.getPublic()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(served));
        server.start();
        try {
            String address = "sftp://backup@127.0.0.1:" + server.getPort() + "/kakehashi";
            BackupTarget target = BackupTarget.parse(
                    address, Optional.of(KeyUtils.getFingerPrint(hostKey.getPublic())), Optional.of(identity), tmp);
            for (int i = 0; i < 3; i++) {
                receive("遠隔バックアップ " + i);
            }
            Backup.Outcome first;
            Backup.Outcome second;
            try (BackupTarget.Opened open = target.open()) {
                audit.checkpoint();
                first = new Backup(data, List.of(), auditKeys, clock, random).to(open.root());
                receive("二回目に増えたファイル");
                clock.advance(Duration.ofDays(1));
                audit.checkpoint();
                second = new Backup(data, List.of(), auditKeys, clock, random).to(open.root());
            }
            assertThat(first.blobsCopied()).isEqualTo(3);
            assertThat(second.blobsCopied()).as("incremental over SFTP too").isEqualTo(1);
            assertThat(second.blobsKept()).isEqualTo(3);
            assertThat(served.resolve("kakehashi/snapshots")
                            .resolve(second.manifest().snapshot())
                            .resolve("manifest.sig"))
                    .isRegularFile();
            assertThat(served.resolve("kakehashi/.lock"))
                    .as("the remote lock is released")
                    .doesNotExist();

            KeyFile.export(data, keyFile, PASSPHRASE, random);
            KeyFile.Keys keys = KeyFile.open(keyFile, PASSPHRASE);
            DataDir restored = new DataDir(tmp.resolve("restored-from-sftp"));
            try (BackupTarget.Opened open = target.open()) {
                BackupCheck.Report report = new BackupCheck(
                                open.root(),
                                new BackupCheck.TrustedKey(keys.auditPublicKey(data), "the key file"),
                                Optional.of(keys.masterKey(data)))
                        .verify(second.manifest().snapshot());
                assertThat(report.problems()).isEmpty();
                assertThat(report.blobsChecked()).isEqualTo(4);
                Prune.Outcome pruned = Prune.run(open.root(), new SnapshotRetention(1, 0, 0));
                assertThat(pruned.removed()).containsExactly(first.manifest().snapshot());
                Restore.Outcome outcome = new Restore(keys, Clock.systemUTC(), random)
                        .run(open.root(), Optional.empty(), restored, "cli:operator");
                assertThat(outcome.blobs()).isEqualTo(4);
            }
            AuditVerifier.Result chain = AuditVerifier.verify(restored.audit());
            assertThat(chain.ok()).as(chain.problem()).isTrue();

            // Another machine at that address (a different host key) gets nothing, not even a sign-in.
            BackupTarget impostor = BackupTarget.parse(
                    address,
                    Optional.of(KeyUtils.getFingerPrint(
                            KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256).getPublic())),
                    Optional.of(identity),
                    tmp);
            assertThatThrownBy(impostor::open)
                    .isInstanceOfSatisfying(
                            BackupRefused.class,
                            e -> assertThat(e.reason()).isEqualTo(BackupRefused.Reason.HOST_KEY_MISMATCH))
                    .hasMessageContaining(KeyUtils.getFingerPrint(hostKey.getPublic()));
        } finally {
            server.stop(true);
        }
    }

    @Test
    void anSftpDestinationNeedsItsHostKeyAndAnIdentity() {
        assertThatThrownBy(() -> BackupTarget.parse(
                        "sftp://backup@nas.city.local/kakehashi", Optional.empty(), Optional.of(keyFile), tmp))
                .hasMessageContaining("host-key");
        assertThatThrownBy(() -> BackupTarget.parse(
                        "sftp://backup@nas.city.local/kakehashi", Optional.of("SHA256:abc"), Optional.empty(), tmp))
                .hasMessageContaining("identity");
        assertThatThrownBy(() -> BackupTarget.parse(
                        "sftp://backup@nas.city.local/kakehashi", Optional.of("abc"), Optional.of(keyFile), tmp))
                .hasMessageContaining("SHA256");
        assertThatThrownBy(() -> BackupTarget.parse(
                        "sftp://backup:secret@nas.city.local/kakehashi",
                        Optional.of("SHA256:abc"),
                        Optional.of(keyFile),
                        tmp))
                .hasMessageContaining("no password");
        assertThat(BackupTarget.parse("nas", Optional.empty(), Optional.empty(), tmp))
                .isEqualTo(new BackupTarget.Directory(tmp.resolve("nas")));
    }

    private Backup.Outcome backup() {
        audit.checkpoint();
        return new Backup(data, List.of(), auditKeys, clock, random).to(dest);
    }

    private String receive(String text) throws IOException {
        String id = "item-" + (++serial);
        StoredBlob blob;
        try (var writer = blobs.create()) {
            writer.write(text.getBytes(StandardCharsets.UTF_8));
            blob = writer.commit();
        }
        items.insertReceived(
                id, Flow.parse("internet->lgwan"), "npo-user", "npo-hikari", Optional.empty(), "見積書.txt", blob);
        audit.append(new AuditEvent(
                AuditType.ITEM_RECEIVED, "npo-user", "internet", id, Map.of("size", String.valueOf(blob.size()))));
        return id;
    }
}
