package jp.kakehashi.appliance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.backup.Backup;
import jp.kakehashi.appliance.backup.KeyFile;
import jp.kakehashi.appliance.backup.Restore;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Flow;

/**
 * B-BACKUP: a full backup of a data directory of {@code docs} items ({@code mib} MiB of blobs in
 * all) against {@code tar -cf} + {@code sync} of the same directory; then, absolute, an incremental
 * backup after one new item and a restore (which decrypts every blob to check it) of the whole store.
 */
final class BenchBackup {
    private static final char[] PASSPHRASE = "ベンチマーク用の長い合言葉".toCharArray();

    private BenchBackup() {}

    static void run(Path work, long mib, int docs, int pairs) throws Exception {
        SecureRandom random = new SecureRandom();
        DataDir data = new DataDir(work.resolve("data"));
        Files.createDirectories(data.root());
        long blobBytes;
        long t0 = System.nanoTime();
        try (Database db = Database.open(data.database());
                AuditLog audit = AuditLog.open(
                        data.audit(),
                        AuditKeys.loadOrGenerate(data.auditKey(), data.auditPublicKey(), random),
                        Clock.systemUTC())) {
            EncryptedFileBlobStore blobs =
                    new EncryptedFileBlobStore(data.root(), MasterKey.forData(db, data.masterKey(), random), random);
            blobBytes = fill(db, blobs, audit, docs, (mib << 20) / docs, 0);
        }
        System.err.printf("filled %d items, %d MiB in %.1f s%n", docs, blobBytes >> 20, (System.nanoTime() - t0) / 1e9);
        AuditKeys keys = AuditKeys.loadOrGenerate(data.auditKey(), data.auditPublicKey(), random);
        Path dest = work.resolve("backup");
        Path tar = work.resolve("data.tar");
        long total = sizeOf(data.root());
        BenchMain.compare(
                "B-BACKUP",
                "kakehashi backup (full, VACUUM INTO + blobs + signed manifest, fsync)",
                "tar -cf + sync",
                "MiB/s",
                pairs,
                i -> {
                    BenchProcesses.deleteTree(dest);
                    long t = System.nanoTime();
                    new Backup(data, List.of(), keys, Clock.systemUTC(), random).to(dest);
                    return BenchMain.mibPerSecond(total, System.nanoTime() - t);
                },
                i -> {
                    Files.deleteIfExists(tar);
                    long t = System.nanoTime();
                    BenchProcesses.run(
                            List.of("sh", "-c", "tar -cf " + tar + " -C " + data.root() + " . && sync " + tar));
                    return BenchMain.mibPerSecond(total, System.nanoTime() - t);
                },
                Map.of("items", String.valueOf(docs), "data_mib", String.valueOf(total >> 20)));
        try (Database db = Database.open(data.database());
                AuditLog audit = AuditLog.open(data.audit(), keys, Clock.systemUTC())) {
            EncryptedFileBlobStore blobs =
                    new EncryptedFileBlobStore(data.root(), MasterKey.loadFor(db, data.masterKey()), random);
            fill(db, blobs, audit, 1, (mib << 20) / docs, docs);
        }
        long t = System.nanoTime();
        Backup.Outcome incremental = new Backup(data, List.of(), keys, Clock.systemUTC(), random).to(dest);
        long incrementalNanos = System.nanoTime() - t;
        Path keyFile = work.resolve("safe.keys");
        KeyFile.export(data, keyFile, PASSPHRASE, random);
        t = System.nanoTime();
        Restore.Outcome restored = new Restore(KeyFile.open(keyFile, PASSPHRASE), Clock.systemUTC(), random)
                .run(dest, Optional.empty(), new DataDir(work.resolve("restored")), "bench");
        long restoreNanos = System.nanoTime() - t;
        BenchMain.report(
                "B-BACKUP-INCREMENTAL-RESTORE",
                Map.of(
                        "items", String.valueOf(docs + 1),
                        "incremental_seconds", String.format("%.2f", incrementalNanos / 1e9),
                        "incremental_blobs_copied", String.valueOf(incremental.blobsCopied()),
                        "incremental_blobs_kept", String.valueOf(incremental.blobsKept()),
                        "restore_seconds", String.format("%.1f", restoreNanos / 1e9),
                        "restore_mib", String.valueOf(restored.bytes() >> 20),
                        "restore_mib_per_s",
                                String.format("%.0f", BenchMain.mibPerSecond(restored.bytes(), restoreNanos)),
                        "restore_checks",
                                "signature, every blob's SHA-256 and AES-GCM decryption, integrity_check, audit chain"));
    }

    private static long fill(Database db, EncryptedFileBlobStore blobs, AuditLog audit, int count, long size, int from)
            throws Exception {
        Items items = new Items(db, new JdbcItemStore(), Clock.systemUTC());
        SplittableRandom r = new SplittableRandom(from);
        byte[] chunk = new byte[(int) Math.min(size, 1 << 20)];
        long bytes = 0;
        for (int i = from; i < from + count; i++) {
            StoredBlob blob;
            try (var w = blobs.create()) {
                for (long done = 0; done < size; done += chunk.length) {
                    r.nextBytes(chunk);
                    w.write(chunk, 0, (int) Math.min(chunk.length, size - done));
                }
                blob = w.commit();
            }
            items.insertReceived(
                    "bench-" + i,
                    Flow.parse("internet->lgwan"),
                    "acme-user",
                    "acme",
                    Optional.empty(),
                    "file-" + i + ".bin",
                    blob);
            audit.append(new AuditEvent(AuditType.ITEM_RECEIVED, "acme-user", "internet", "bench-" + i, Map.of()));
            bytes += size;
        }
        return bytes;
    }

    private static long sizeOf(Path dir) throws Exception {
        try (var all = Files.walk(dir)) {
            long sum = 0;
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                sum += Files.size(p);
            }
            return sum;
        }
    }
}
