package jp.kakehashi.appliance.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.backup.Backup;
import jp.kakehashi.appliance.backup.BackupCheck;
import jp.kakehashi.appliance.backup.BackupRefused;
import jp.kakehashi.appliance.backup.BackupTarget;
import jp.kakehashi.appliance.backup.KeyFile;
import jp.kakehashi.appliance.backup.Prune;
import jp.kakehashi.appliance.backup.SnapshotRetention;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.sftp.Sizes;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.MasterKey;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kakehashi backup DEST} and {@code kakehashi backup verify DEST [SNAPSHOT]}. */
@Command(
        name = "backup",
        description = "Write an online, incremental, signed snapshot of the data to DEST (バックアップ)."
                + " The keys are not in it: keep the file of `kakehashi keys export` in the safe.",
        subcommands = {BackupCommand.Verify.class, BackupCommand.PruneSnapshots.class})
final class BackupCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    DestinationOptions remote = new DestinationOptions();

    // Optional for picocli only: a required one would be demanded of `backup verify` too.
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DEST",
            description = "A local or mounted directory (NFS/SMB), or sftp://USER@HOST[:PORT]/PATH with"
                    + " --host-key and --identity.")
    @Nullable
    String destination;

    @Override
    public Integer call() {
        String given = this.destination;
        if (given == null) {
            System.err.println("kakehashi backup: give the destination, e.g. kakehashi backup /mnt/backup"
                    + " (バックアップ先を指定してください)");
            return 64;
        }
        ApplianceConfig config = data.load();
        DataDir dir = new DataDir(config.dataDir());
        if (!Files.exists(dir.database())) {
            System.err.println("kakehashi backup: no data in " + dir.root() + " (データがありません)");
            return 64;
        }
        Optional<BackupTarget> target = remote.target("backup", given);
        if (target.isEmpty()) {
            return 64;
        }
        String destination = target.get().display();
        List<Path> configuration = new ArrayList<>();
        data.file().ifPresent(configuration::add);
        config.policyFile().ifPresent(configuration::add);
        SecureRandom random = new SecureRandom();
        AuditKeys keys = AuditKeys.loadOrGenerate(dir.auditKey(), dir.auditPublicKey(), random);
        try (BackupTarget.Opened open = target.get().open()) {
            Backup.Outcome o = new Backup(dir, configuration, keys, Clock.systemUTC(), random).to(open.root());
            audit(
                    dir,
                    AuditType.BACKUP_CREATED,
                    Map.of(
                            "destination", destination,
                            "snapshot", o.manifest().snapshot(),
                            "blobsCopied", String.valueOf(o.blobsCopied()),
                            "blobsKept", String.valueOf(o.blobsKept()),
                            "bytes", String.valueOf(o.manifest().bytes())));
            System.out.printf(
                    "バックアップを作成しました / backup written: snapshot %s in %s%n"
                            + "  files: %d copied (%s), %d already there; audit records: %d; took %.1f s%n",
                    o.manifest().snapshot(),
                    destination,
                    o.blobsCopied(),
                    Sizes.human(o.bytesCopied()),
                    o.blobsKept(),
                    o.manifest().auditRecords(),
                    o.took().toMillis() / 1000.0);
            if (!o.manifest().erased().isEmpty()) {
                System.out.println("  " + o.manifest().erased().size()
                        + " file(s) were erased by retention while the backup ran (保存期間切れで消去済み)");
            }
            return 0;
        } catch (BackupRefused | java.io.UncheckedIOException e) {
            audit(dir, AuditType.BACKUP_FAILED, Map.of("destination", destination, "reason", reason(e)));
            System.err.println("kakehashi backup: " + e.getMessage());
            return 2;
        }
    }

    private static String reason(RuntimeException e) {
        // A refusal by its code; an I/O failure (destination full, unmounted) by its message.
        return e instanceof BackupRefused r ? r.code() : "IO: " + e.getMessage();
    }

    /** Queues the record in the data's outbox; the running daemon appends it, or this command when none runs. */
    static void audit(DataDir dir, AuditType type, Map<String, String> data) {
        SecureRandom random = new SecureRandom();
        try (Database db = Database.open(dir.database())) {
            db.transaction(c -> {
                AuditOutbox.enqueue(c, new AuditEvent(type, actor(), "", "", data));
                return Boolean.TRUE;
            });
            UserCommand.appendNowIfIdle(dir, db, random);
        }
    }

    /** The operating-system account that ran the command. */
    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /** Exit 0 when the snapshot is whole; 2, listing every problem, otherwise. */
    @Command(
            name = "verify",
            description = "Check a snapshot: the manifest's signature, every file and blob, the database,"
                    + " and that the audit chain extends the previous snapshot's (バックアップの検証).")
    static final class Verify implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Mixin
        Passphrase passphrase = new Passphrase();

        @Mixin
        DestinationOptions remote = new DestinationOptions();

        @Parameters(index = "0", paramLabel = "DEST")
        String destination = "";

        @Parameters(index = "1", arity = "0..1", paramLabel = "SNAPSHOT", description = "Default: the newest.")
        @Nullable
        String snapshot;

        @Option(
                names = "--keys",
                paramLabel = "FILE",
                description = "The key file: the signature is checked with its audit key, and every file is"
                        + " decrypted with its master key.")
        @Nullable
        Path keyFile;

        @Override
        public Integer call() throws Exception {
            DataDir dir = new DataDir(data.load().dataDir());
            Optional<BackupTarget> target = remote.target("backup verify", this.destination);
            if (target.isEmpty()) {
                return 64;
            }
            try (BackupTarget.Opened open = target.get().open()) {
                Path destination = open.root();
                String id = snapshot != null ? snapshot : BackupCheck.latest(destination);
                BackupCheck.TrustedKey trusted;
                Optional<MasterKey> master = Optional.empty();
                if (keyFile != null) {
                    Optional<char[]> p = passphrase.read("backup verify", false);
                    if (p.isEmpty()) {
                        return 64;
                    }
                    KeyFile.Keys keys = KeyFile.open(keyFile, p.get());
                    trusted = new BackupCheck.TrustedKey(keys.auditPublicKey(dir), "the key file " + keyFile);
                    master = Optional.of(keys.masterKey(dir));
                } else if (Files.exists(dir.auditPublicKey())) {
                    trusted = new BackupCheck.TrustedKey(
                            Files.readString(dir.auditPublicKey()),
                            "this appliance's audit key " + dir.auditPublicKey());
                } else {
                    // No independent key: the backup's own proves integrity, not origin; say so.
                    Path own = destination
                            .resolve("snapshots")
                            .resolve(id)
                            .resolve("audit")
                            .resolve("audit-public.key");
                    trusted = new BackupCheck.TrustedKey(
                            Files.exists(own) ? Files.readString(own) : "",
                            "the key inside the backup (not independent: give --keys FILE to check its origin)");
                }
                BackupCheck check = new BackupCheck(destination, trusted, master);
                BackupCheck.Report r = check.verify(id);
                if (r.ok() && r.manifest() != null) {
                    System.out.printf(
                            "OK: snapshot %s (taken %s, version %s): %d files%s, %d audit records; signature checked"
                                    + " with %s (バックアップは完全です)%n",
                            id,
                            r.manifest().created(),
                            r.manifest().version(),
                            r.blobsChecked(),
                            r.decrypted() ? " decrypted" : " (hashes only; give --keys to decrypt them too)",
                            r.manifest().auditRecords(),
                            trusted.source());
                    return 0;
                }
                System.out.println(
                        "DAMAGED: snapshot " + id + ", " + r.problems().size() + " problem(s) (バックアップに問題があります):");
                r.problems().forEach(p -> System.out.println("  - " + p.text()));
                return 2;
            } catch (BackupRefused e) {
                System.out.println("DAMAGED: " + e.getMessage());
                return 2;
            }
        }
    }

    /** Removes the snapshots the retention rule no longer keeps, and the files only they needed. */
    @Command(
            name = "prune",
            description = "Remove old snapshots by a retention rule (default: 7 daily, 4 weekly, 12 monthly),"
                    + " and the stored files no kept snapshot needs (古いスナップショットの整理).")
    static final class PruneSnapshots implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Mixin
        DestinationOptions remote = new DestinationOptions();

        @Parameters(index = "0", paramLabel = "DEST")
        String destination = "";

        @Option(names = "--keep-daily", paramLabel = "N", description = "Newest snapshot of each of the last N days.")
        int daily = SnapshotRetention.defaults().daily();

        @Option(names = "--keep-weekly", paramLabel = "N", description = "Newest of each of the last N weeks.")
        int weekly = SnapshotRetention.defaults().weekly();

        @Option(names = "--keep-monthly", paramLabel = "N", description = "Newest of each of the last N months.")
        int monthly = SnapshotRetention.defaults().monthly();

        @Override
        public Integer call() {
            SnapshotRetention rule;
            try {
                rule = new SnapshotRetention(daily, weekly, monthly);
            } catch (IllegalArgumentException e) {
                System.err.println("kakehashi backup prune: " + e.getMessage());
                return 64;
            }
            Optional<BackupTarget> target = remote.target("backup prune", destination);
            if (target.isEmpty()) {
                return 64;
            }
            try (BackupTarget.Opened open = target.get().open()) {
                Prune.Outcome o = Prune.run(open.root(), rule);
                System.out.printf(
                        "整理しました / pruned: %d snapshot(s) removed%s, %d stored file(s) no longer needed (%s freed)%n",
                        o.removed().size(),
                        o.removed().isEmpty() ? "" : " (" + String.join(", ", o.removed()) + ")",
                        o.blobsRemoved(),
                        Sizes.human(o.bytesFreed()));
                return 0;
            } catch (BackupRefused e) {
                System.err.println("kakehashi backup prune: " + e.getMessage());
                return 2;
            }
        }
    }
}
