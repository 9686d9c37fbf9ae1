package jp.kakehashi.appliance.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.backup.BackupRefused;
import jp.kakehashi.appliance.backup.KeyFile;
import jp.kakehashi.appliance.base.DataDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kakehashi keys export FILE} and {@code kakehashi keys import FILE}. */
@Command(
        name = "keys",
        description = "The appliance's keys, for the safe (鍵の書き出しと取り込み).",
        subcommands = {KeysCommand.Export.class, KeysCommand.Import.class})
final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "use: kakehashi keys export FILE or kakehashi keys import FILE");
    }

    @Command(
            name = "export",
            description = "Write the master key, the audit key and the TLS and SSH host keys to FILE, wrapped under a"
                    + " passphrase (Argon2id + AES-256-GCM). Keep it apart from the backups.")
    static final class Export implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Mixin
        Passphrase passphrase = new Passphrase();

        @Parameters(index = "0", paramLabel = "FILE")
        Path file = Path.of("");

        @Override
        public Integer call() {
            DataDir dir = new DataDir(data.load().dataDir());
            Optional<char[]> p = passphrase.read("keys export", true);
            if (p.isEmpty()) {
                return 64;
            }
            try {
                KeyFile.export(dir, file, p.get(), new SecureRandom());
            } catch (BackupRefused e) {
                System.err.println("kakehashi keys export: " + e.getMessage());
                return 2;
            }
            BackupCommand.audit(
                    dir,
                    AuditType.KEYS_EXPORTED,
                    Map.of("file", file.toAbsolutePath().toString()));
            System.out.println("鍵を書き出しました / keys written to " + file + ". Keep it and its passphrase in the safe,"
                    + " apart from the backups: a restore needs both (復元には鍵ファイルとパスフレーズの両方が必要です).");
            return 0;
        }
    }

    @Command(name = "import", description = "Put the keys of FILE into the data directory (never over different keys).")
    static final class Import implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Mixin
        Passphrase passphrase = new Passphrase();

        @Parameters(index = "0", paramLabel = "FILE")
        Path file = Path.of("");

        @Override
        public Integer call() {
            DataDir dir = new DataDir(data.load().dataDir());
            Optional<char[]> p = passphrase.read("keys import", false);
            if (p.isEmpty()) {
                return 64;
            }
            try {
                KeyFile.install(KeyFile.open(file, p.get()), dir);
            } catch (BackupRefused e) {
                System.err.println("kakehashi keys import: " + e.getMessage());
                return 2;
            }
            System.out.println("鍵を取り込みました / keys placed in " + dir.keys());
            return 0;
        }
    }
}
