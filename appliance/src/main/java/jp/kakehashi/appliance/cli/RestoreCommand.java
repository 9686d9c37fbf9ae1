package jp.kakehashi.appliance.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.backup.BackupRefused;
import jp.kakehashi.appliance.backup.BackupTarget;
import jp.kakehashi.appliance.backup.KeyFile;
import jp.kakehashi.appliance.backup.Restore;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.sftp.Sizes;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kakehashi restore DEST [SNAPSHOT] --keys FILE --data-dir DIR}. */
@Command(
        name = "restore",
        description = "Restore a snapshot into an EMPTY data directory (復元), after checking it whole."
                + " Needs the key file of `kakehashi keys export`; the search index is rebuilt at the next start.")
final class RestoreCommand implements Callable<Integer> {
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

    @Option(names = "--keys", paramLabel = "FILE", description = "The key file written by `kakehashi keys export`.")
    @Nullable
    Path keyFile;

    @Override
    public Integer call() {
        DataDir target = new DataDir(data.load().dataDir());
        Optional<BackupTarget> from = remote.target("restore", destination);
        if (from.isEmpty()) {
            return 64;
        }
        try (BackupTarget.Opened open = from.get().open()) {
            if (keyFile == null) {
                throw new BackupRefused(BackupRefused.Reason.KEYS_REQUIRED, "");
            }
            Optional<char[]> p = passphrase.read("restore", false);
            if (p.isEmpty()) {
                return 64;
            }
            KeyFile.Keys keys = KeyFile.open(keyFile, p.get());
            UserPrincipal owner = ownerFor(target.root());
            Restore.Outcome o = new Restore(keys, Clock.systemUTC(), new SecureRandom())
                    .run(open.root(), Optional.ofNullable(snapshot), target, BackupCommand.actor());
            giveTo(target.root(), owner);
            System.out.printf(
                    "復元しました / restored snapshot %s (taken %s, version %s) into %s:%n"
                            + "  %d files (%s), %d audit records, the restore recorded in the audit log; took %.1f s.%n"
                            + "  The search index is rebuilt when the appliance starts (検索索引は起動時に再構築します).%n",
                    o.manifest().snapshot(),
                    o.manifest().created(),
                    o.manifest().version(),
                    target.root(),
                    o.blobs(),
                    Sizes.human(o.bytes()),
                    o.manifest().auditRecords(),
                    o.took().toMillis() / 1000.0);
            if (!o.manifest().files().keySet().stream()
                    .filter(f -> f.startsWith("config/"))
                    .toList()
                    .isEmpty()) {
                System.out.println(
                        "  The configuration of that day is in " + target.root().resolve(Restore.RESTORED_CONFIG)
                                + " to compare; it was not applied (当時の設定は比較用に置きました。適用はしていません).");
            }
            return 0;
        } catch (BackupRefused e) {
            System.err.println("kakehashi restore: " + e.getMessage() + " — nothing was restored (何も復元していません)");
            return 2;
        }
    }

    /** The account the data must belong to: the target's, or its parent's when it does not exist yet. */
    private static UserPrincipal ownerFor(Path root) {
        try {
            Path probe = Files.exists(root) ? root : root.toAbsolutePath().getParent();
            return Files.getOwner(probe == null ? root : probe);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + root, e);
        }
    }

    /** As root on the appliance, the restored files go to the daemon's account, like everything else there. */
    private static void giveTo(Path root, UserPrincipal owner) {
        try {
            if (!Files.getOwner(root).equals(owner)) {
                Files.setOwner(root, owner);
                SetupCommand.followOwner(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + root + " to " + owner.getName(), e);
        }
    }
}
