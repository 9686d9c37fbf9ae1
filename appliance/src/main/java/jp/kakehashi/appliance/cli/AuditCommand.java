package jp.kakehashi.appliance.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.audit.AuditBundle;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.base.DataDir;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kakehashi audit verify|export}. */
@Command(
        name = "audit",
        description = "Audit log tools (監査ログ).",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "use: kakehashi audit verify [DIR|BUNDLE] or kakehashi audit export [FILE]");
    }

    /** Exit 0 when the log verifies; 2 naming the first bad record otherwise. */
    @Command(name = "verify", description = "Verify the hash chain and signed checkpoints (改ざん検知).")
    static final class Verify implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "DIR|BUNDLE",
                description = "An audit directory or exported bundle (default: the data directory's log).")
        @Nullable
        Path target;

        @Override
        public Integer call() {
            Path what = target != null ? target : new DataDir(data.load().dataDir()).audit();
            AuditVerifier.Result r = AuditVerifier.verify(what);
            if (r.ok()) {
                System.out.println("OK: " + r.records() + " records, " + r.checkpoints()
                        + " signed checkpoints verified in " + what + " (監査ログは改ざんされていません)");
                return 0;
            }
            System.out.println("TAMPERED: " + r.problem() + " (監査ログの改ざんまたは破損を検出しました)");
            return 2;
        }
    }

    /** Writes a bundle (log, checkpoints, public key) that verifies offline. */
    @Command(name = "export", description = "Write the audit log as a bundle an auditor can verify offline.")
    static final class Export implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
        @Nullable
        Path bundle;

        @Override
        public Integer call() throws IOException {
            Path out = bundle != null
                    ? bundle
                    : Path.of("kakehashi-audit-" + LocalDate.now(ZoneId.of("Asia/Tokyo")) + ".zip");
            AuditBundle.export(new DataDir(data.load().dataDir()).audit(), out);
            System.out.println("wrote " + out + "; verify with: kakehashi audit verify " + out);
            return 0;
        }
    }
}
