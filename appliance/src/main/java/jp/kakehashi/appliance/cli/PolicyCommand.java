package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.policies.RuleId;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kakehashi policy check}: what policy decides for one file on one flow. */
@Command(name = "policy", description = "Policy tools (ポリシー).", subcommands = PolicyCommand.Check.class)
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "use: kakehashi policy check --flow FROM->TO FILE");
    }

    /** Prints {@code {"decision": "allow|block", "rules": [...], "findings": [...]}}; exit 0 allow, 2 block. */
    @Command(name = "check", description = "Decide one file on one flow, e.g. --flow internet->lgwan report.pdf")
    static final class Check implements Callable<Integer> {
        @Option(
                names = "--flow",
                required = true,
                paramLabel = "FROM->TO",
                description = "internet->lgwan, lgwan->internet or lgwan->mynumber")
        String flow = "";

        @Option(
                names = "--policy",
                paramLabel = "FILE",
                description = "Policy file (default: the shipped default policy).")
        @Nullable
        Path policyFile;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file = Path.of("");

        @Override
        public Integer call() {
            Flow parsedFlow;
            Policy policy;
            try {
                parsedFlow = Flow.parse(flow);
                policy = policyFile == null ? PolicyLoader.shippedDefault() : PolicyLoader.load(policyFile);
            } catch (IllegalArgumentException | ConfigException e) {
                System.err.println("kakehashi policy check: " + e.getMessage());
                return 64;
            }
            if (!Files.isRegularFile(file)) {
                System.err.println("kakehashi policy check: " + file + " is not a file (ファイルがありません)");
                return 64;
            }
            Detection d = Sanitizer.create(SanitizerConfig.defaults()).detect(file, String.valueOf(file.getFileName()));
            long size;
            try {
                size = Files.size(file);
            } catch (java.io.IOException e) {
                System.err.println("kakehashi policy check: cannot read " + file + ": " + e.getMessage());
                return 64;
            }
            Decision decision = policy.decide(new Facts(parsedFlow, d.mediaType(), size, d.mismatch()));
            ObjectNode out = Json.object();
            out.put("decision", decision instanceof Decision.Allow ? "allow" : "block");
            ArrayNode rules = out.putArray("rules");
            decision.rules().stream().map(RuleId::value).forEach(rules::add);
            ArrayNode findings = out.putArray("findings");
            findings.addObject().put("kind", "DETECTED_TYPE").put("detail", d.mediaType());
            if (d.mismatch()) {
                findings.addObject().put("kind", "TYPE_MISMATCH").put("detail", "declared " + d.declaredExtension());
            }
            if (decision instanceof Decision.Block b) {
                out.putObject("reason")
                        .put("code", b.reason().name())
                        .put("ja", b.reason().ja())
                        .put("en", b.reason().en())
                        .put("detail", b.detail());
            }
            Json.print(out);
            return decision instanceof Decision.Allow ? 0 : 2;
        }
    }
}
