package jp.kakehashi.appliance.cli;

import java.io.PrintWriter;
import jp.kakehashi.appliance.base.ReleaseVersion;
import jp.kakehashi.appliance.segments.SegmentsRefused;
import jp.kakehashi.appliance.store.StoreException;
import jp.kakehashi.appliance.update.UpdateRefused;
import jp.kakehashi.policies.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kakehashi}: the appliance's command line. */
@Command(
        name = "kakehashi",
        mixinStandardHelpOptions = true,
        versionProvider = KakehashiCommand.VersionText.class,
        description = {"架け橋 — secure file exchange for local governments.", ""},
        subcommands = {
            UpCommand.class,
            SanitizeCommand.class,
            PolicyCommand.class,
            AuditCommand.class,
            UserCommand.class,
            DepartmentCommand.class,
            ApprovalsCommand.class,
            OriginalsCommand.class,
            SearchCommand.class,
            FirewallCommand.class,
            UpdateCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            KeysCommand.class,
            SetupCommand.class,
            ConsoleCommand.class
        })
public final class KakehashiCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (コマンドを指定してください)");
    }

    /** The version of the release these jars belong to (its VERSION file); the updater checks it. */
    static final class VersionText implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Kakehashi " + ReleaseVersion.text()};
        }
    }

    /** Runs the command line and returns the exit code; usage errors exit 64 with the usage shown. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new KakehashiCommand());
        cli.setErr(new PrintWriter(System.err, true));
        cli.setExitCodeExceptionMapper(e -> 1);
        // A store that refuses to open (missing or wrong key, damaged or locked database), a network
        // that does not match the zones, a refused update or a file with a mistake (named with its
        // line) says what to do; a stack trace would bury the hint.
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (!(e instanceof StoreException)
                    && !(e instanceof SegmentsRefused)
                    && !(e instanceof UpdateRefused)
                    && !(e instanceof ConfigException)) {
                throw e;
            }
            c.getErr().println("kakehashi: " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("kakehashi: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return 64;
        });
        return cli.execute(args);
    }
}
