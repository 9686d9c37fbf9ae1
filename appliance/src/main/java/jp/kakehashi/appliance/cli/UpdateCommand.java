package jp.kakehashi.appliance.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.base.ReleaseVersion;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.update.Releases;
import jp.kakehashi.appliance.update.RunningMark;
import jp.kakehashi.appliance.update.UpdateBundle;
import jp.kakehashi.appliance.update.UpdateKeys;
import jp.kakehashi.appliance.update.UpdateManifest;
import jp.kakehashi.appliance.update.UpdateOutcome;
import jp.kakehashi.appliance.update.UpdateRefused;
import jp.kakehashi.appliance.update.Updater;
import jp.kakehashi.web.pages.Format;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kakehashi update}: signed update bundles. The vendor makes a key pair once ({@code keygen})
 * and signs each release ({@code build}); the appliance checks a bundle ({@code verify}) and
 * installs it with a rollback when the new version does not come up ({@code install}, as root).
 */
@Command(
        name = "update",
        description = "Signed updates with rollback (更新).",
        subcommands = {
            UpdateCommand.Keygen.class,
            UpdateCommand.Build.class,
            UpdateCommand.Verify.class,
            UpdateCommand.Install.class,
            UpdateCommand.Status.class
        })
final class UpdateCommand {
    private UpdateCommand() {}

    @Command(
            name = "keygen",
            description = "Make the vendor's signing key pair (the private key never goes on an appliance).")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--private", required = true, paramLabel = "FILE")
        Path privateKey = Path.of("");

        @Option(
                names = "--public",
                required = true,
                paramLabel = "FILE",
                description = "Ship as update-keys/NAME.pub in the image.")
        Path publicKey = Path.of("");

        @Override
        public Integer call() throws IOException {
            UpdateKeys.generate(privateKey, publicKey, new SecureRandom());
            System.out.println("鍵を作成しました / key pair written: " + privateKey + " (keep offline), " + publicKey);
            return 0;
        }
    }

    @Command(name = "build", description = "Pack and sign a release directory (VERSION, lib/, runtime/) as a bundle.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--release", required = true, paramLabel = "DIR")
        Path release = Path.of("");

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The private signing key.")
        Path key = Path.of("");

        @Option(names = "--output", required = true, paramLabel = "FILE")
        Path output = Path.of("");

        @Override
        public Integer call() throws IOException {
            UpdateManifest m = UpdateBundle.write(release, key, output);
            System.out.println("更新ファイルを作成しました / bundle written: " + output + "  version " + m.version() + ", "
                    + Format.size(m.payloadBytes()) + ", sha256 " + m.payloadSha256());
            return 0;
        }
    }

    @Command(name = "verify", description = "Check a bundle's signature and content without installing it.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "BUNDLE")
        Path bundle = Path.of("");

        @Option(
                names = "--trusted",
                paramLabel = "DIR",
                description = "Trusted public keys (default: ${DEFAULT-VALUE}).")
        Path trusted = UpdateKeys.TRUSTED;

        @Override
        public Integer call() {
            UpdateManifest m = UpdateBundle.verify(bundle, trusted);
            System.out.println(
                    "正しい更新ファイルです / the bundle verifies: version " + m.version() + ", sha256 " + m.payloadSha256());
            return 0;
        }
    }

    @Command(
            name = "install",
            description = "Install a bundle; rolls back by itself when the new version does not start.")
    static final class Install implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(paramLabel = "BUNDLE")
        Path bundle = Path.of("");

        @Option(
                names = "--releases",
                paramLabel = "DIR",
                description = "Installed releases (default: ${DEFAULT-VALUE}).")
        Path releases = Releases.DEFAULT;

        @Option(
                names = "--trusted",
                paramLabel = "DIR",
                description = "Trusted public keys (default: ${DEFAULT-VALUE}).")
        Path trusted = UpdateKeys.TRUSTED;

        @Option(
                names = "--stop-command",
                paramLabel = "COMMAND",
                description = "Default: systemctl stop kakehashi.service")
        @Nullable
        String stop;

        @Option(
                names = "--start-command",
                paramLabel = "COMMAND",
                description = "Default: systemctl start kakehashi.service")
        @Nullable
        String start;

        @Option(
                names = "--health-timeout",
                paramLabel = "SECONDS",
                description = "Wait this long for the new version (default: 180).")
        int healthTimeout = 180;

        @Override
        public Integer call() throws IOException, InterruptedException {
            DataDir dataDir = new DataDir(data.load().dataDir());
            Updater.Settings defaults = Updater.Settings.appliance(dataDir);
            Updater.Settings settings = new Updater.Settings(
                    new Releases(releases),
                    trusted,
                    dataDir,
                    stop == null ? defaults.stopCommand() : List.of("/bin/sh", "-c", stop),
                    start == null ? defaults.startCommand() : List.of("/bin/sh", "-c", start),
                    Duration.ofSeconds(healthTimeout),
                    defaults.settle());
            UpdateOutcome outcome;
            try {
                outcome = new Updater(settings, Clock.systemUTC(), line -> {
                            System.out.println(line);
                            System.out.flush();
                        })
                        .install(bundle);
            } catch (UpdateRefused e) {
                audit(
                        dataDir,
                        AuditType.UPDATE_REFUSED,
                        Map.of(
                                "bundle", String.valueOf(bundle.getFileName()),
                                "reason", e.code(),
                                "detail", e.detail()));
                throw e;
            }
            return switch (outcome) {
                case UpdateOutcome.Installed i -> {
                    audit(
                            dataDir,
                            AuditType.UPDATE_INSTALLED,
                            Map.of(
                                    "from", i.previous().toString(),
                                    "to", i.installed().toString(),
                                    "bundle", String.valueOf(bundle.getFileName())));
                    System.out.println("更新しました / updated: " + i.previous() + " -> " + i.installed()
                            + (i.backup() == null ? "" : "  (更新前のデータベース / database before: " + i.backup() + ")"));
                    yield 0;
                }
                case UpdateOutcome.RolledBack r -> {
                    audit(
                            dataDir,
                            AuditType.UPDATE_ROLLED_BACK,
                            Map.of(
                                    "attempted", r.attempted().toString(),
                                    "running", r.running().toString(),
                                    "why", r.why(),
                                    "databaseRestored", String.valueOf(r.databaseRestored())));
                    System.out.println("kakehashi: 新しい版 " + r.attempted() + " が正常に起動しなかったため、" + r.running()
                            + " に戻しました / " + r.attempted() + " did not become healthy; " + r.running()
                            + " runs again" + (r.databaseRestored() ? ", on the database as it was before" : "")
                            + " (" + r.why() + "; journalctl -u kakehashi)");
                    yield 3;
                }
            };
        }
    }

    /**
     * Queues the outcome in the metadata store's audit outbox: the running appliance (the new
     * version, or the previous one after a rollback or refusal) appends it to the chain within a
     * second; with none running it is appended now. Files SQLite makes as root are handed back to
     * the data directory's owner, the daemon's user. An audit that cannot be written is reported,
     * and does not turn an installed update into a failure.
     */
    static void audit(DataDir dir, AuditType type, Map<String, String> data) {
        try (Database db = Database.open(dir.database())) {
            db.transaction(c -> {
                AuditOutbox.enqueue(c, AuditEvent.system(type, data));
                return true;
            });
            UserCommand.appendNowIfIdle(dir, db, new SecureRandom());
        } catch (RuntimeException e) {
            System.err.println(
                    "kakehashi: 監査記録を書けませんでした / could not queue the audit record " + type + ": " + e.getMessage());
        }
        try {
            java.nio.file.attribute.UserPrincipal owner = Files.getOwner(dir.root());
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Path f = dir.database().resolveSibling(dir.database().getFileName() + suffix);
                if (Files.exists(f) && !Files.getOwner(f).equals(owner)) {
                    Files.setOwner(f, owner);
                }
            }
            if (Files.isDirectory(dir.audit())) {
                SetupCommand.followOwner(dir.audit());
            }
        } catch (IOException e) {
            System.err.println("kakehashi: " + e.getMessage());
        }
    }

    @Command(name = "status", description = "The running version, the installed releases and the running mark.")
    static final class Status implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Option(
                names = "--releases",
                paramLabel = "DIR",
                description = "Installed releases (default: ${DEFAULT-VALUE}).")
        Path releases = Releases.DEFAULT;

        @Override
        public Integer call() throws IOException {
            Releases installed = new Releases(releases);
            System.out.println("起動対象 / current: "
                    + installed.current().map(Path::toString).orElse("-")
                    + installed.currentVersion().map(v -> " (" + v + ")").orElse(""));
            if (Files.isDirectory(releases)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(releases)) {
                    for (Path entry : entries) {
                        if (!entry.getFileName().toString().startsWith(".") && !Files.isSymbolicLink(entry)) {
                            System.out.println("導入済み / installed: " + entry.getFileName());
                        }
                    }
                }
            }
            DataDir dataDir = new DataDir(data.load().dataDir());
            String running = RunningMark.read(dataDir.running())
                    .map(m -> m.version() + " pid " + m.pid() + (m.alive() ? "" : " (停止 / not running)") + " since "
                            + m.started())
                    .orElse("-");
            System.out.println("実行中 / running: " + running + "   this command: " + ReleaseVersion.text());
            return 0;
        }
    }
}
