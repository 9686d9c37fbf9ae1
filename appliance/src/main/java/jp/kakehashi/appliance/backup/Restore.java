package jp.kakehashi.appliance.backup;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.Fsync;
import jp.kakehashi.appliance.store.MasterKey;

/**
 * Restores one snapshot into an empty data directory. The snapshot is checked whole first
 * (signature by the key file's audit key, every blob decrypted with its master key); then
 * everything is written beside the target and moved into place at the end, so a failure leaves
 * nothing half-restored. The restore is recorded in the restored audit log. The search index is
 * not in a backup: the appliance rebuilds it from the published files when it starts.
 */
public final class Restore {
    /** Where the snapshot's configuration files are put for the operator to compare, never applied. */
    public static final String RESTORED_CONFIG = "restored-config";

    private final KeyFile.Keys keys;
    private final Clock clock;
    private final SecureRandom random;

    public Restore(KeyFile.Keys keys, Clock clock, SecureRandom random) {
        this.keys = requireNonNull(keys, "keys");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
    }

    public record Outcome(Manifest manifest, int blobs, long bytes, Duration took) {}

    /**
     * @param snapshot a snapshot id, or empty for the newest
     * @param actor who restores (the operating-system account), for the audit record
     */
    public Outcome run(Path destination, Optional<String> snapshot, DataDir target, String actor) {
        Instant start = clock.instant();
        if (notEmpty(target.root())) {
            throw new BackupRefused(
                    BackupRefused.Reason.TARGET_NOT_EMPTY, target.root().toString());
        }
        MasterKey master = keys.masterKey(target);
        BackupCheck check = new BackupCheck(
                destination,
                new BackupCheck.TrustedKey(keys.auditPublicKey(target), "the key file's audit key"),
                Optional.of(master));
        String id = snapshot.orElseGet(() -> BackupCheck.latest(destination));
        BackupCheck.Report report = check.verify(id);
        if (!report.ok()) {
            BackupCheck.Problem first = report.problems().get(0);
            throw new BackupRefused(
                    first.reason(),
                    first.detail()
                            + (report.problems().size() > 1
                                    ? "; " + report.problems().size() + " problems in all"
                                    : ""));
        }
        Manifest manifest = requireNonNull(report.manifest(), "a verified report has its manifest");
        Path root = target.root().toAbsolutePath();
        Path staging = root.resolveSibling("." + root.getFileName() + ".restoring");
        try {
            Prune.deleteTree(staging);
            DataDir staged = new DataDir(staging);
            Destination dest = new Destination(destination);
            Path from = dest.snapshot(id);
            Fsync.createDirectories(staged.audit());
            for (String file : manifest.files().keySet()) {
                Path to = file.startsWith(Backup.CONFIG + "/")
                        ? staging.resolve(RESTORED_CONFIG).resolve(file.substring(Backup.CONFIG.length() + 1))
                        : file.equals(Backup.DATABASE) ? staged.database() : staging.resolve(file);
                Fsync.createDirectories(requireNonNull(to.getParent()));
                Files.copy(from.resolve(file), to);
                Fsync.file(to);
            }
            long bytes = 0;
            try (DurableCopies copies = new DurableCopies(staging.resolve("tmp"))) {
                for (Map.Entry<String, Manifest.Entry> e : manifest.blobs().entrySet()) {
                    BlobId blob = new BlobId(e.getKey());
                    copies.submit(dest.blob(blob), staging.resolve(EncryptedFileBlobStore.relativePath(blob)));
                    bytes += e.getValue().size();
                }
                copies.finish();
            }
            KeyFile.install(keys, staged);
            record(staged, manifest, actor);
            for (Path dir : List.of(staged.keys(), staged.audit(), staging)) {
                Fsync.directory(dir);
            }
            if (Files.exists(root)) {
                Files.delete(root);
            }
            Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            Fsync.directory(requireNonNull(root.getParent()));
            return new Outcome(manifest, manifest.blobs().size(), bytes, Duration.between(start, clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore into " + root + ": " + e.getMessage(), e);
        }
    }

    /** Appends the restore to the restored audit log, after what the database copy still queued. */
    private void record(DataDir staged, Manifest manifest, String actor) {
        try (Database db = Database.open(staged.database())) {
            MasterKey.loadFor(db, staged.masterKey());
            db.transaction(c -> {
                AuditOutbox.enqueue(
                        c,
                        new AuditEvent(
                                AuditType.BACKUP_RESTORED,
                                actor,
                                "",
                                "",
                                Map.of(
                                        "snapshot", manifest.snapshot(),
                                        "created", manifest.created(),
                                        "version", manifest.version(),
                                        "blobs", String.valueOf(manifest.blobs().size()))));
                return Boolean.TRUE;
            });
            try (AuditLog audit = AuditLog.open(
                    staged.audit(),
                    AuditKeys.loadOrGenerate(staged.auditKey(), staged.auditPublicKey(), random),
                    clock)) {
                audit.drain(db);
            }
        }
    }

    private static boolean notEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }
}
