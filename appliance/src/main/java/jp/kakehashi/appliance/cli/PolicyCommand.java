package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import jp.kakehashi.policies.Approval;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.ContentFacts;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.policies.RuleId;
import jp.kakehashi.policies.dlp.DlpFinding;
import jp.kakehashi.policies.dlp.DlpScanner;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kakehashi policy}: check one file, lint policy files, explain an item's decision, simulate a proposed policy. */
@Command(
        name = "policy",
        description = "Policy tools (ポリシー).",
        subcommands = {
            PolicyCommand.Check.class,
            PolicyCommand.Lint.class,
            PolicyExplainCommand.class,
            PolicySimulateCommand.class,
            PolicyVersionCommands.Propose.class,
            PolicyVersionCommands.Confirm.class,
            PolicyVersionCommands.Versions.class,
            PolicyVersionCommands.Show.class
        })
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "use: kakehashi policy check|lint|explain|simulate|propose|confirm|versions|show (--help for each)");
    }

    /**
     * Prints {@code {"decision": "allow|approval|block", "rules": [...], "findings": [...]}} (and the
     * approvals asked for); exit 0 allow or approval, 2 block.
     */
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
            Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
            Detection d = sanitizer.detect(file, String.valueOf(file.getFileName()));
            long size;
            try {
                size = Files.size(file);
            } catch (java.io.IOException e) {
                System.err.println("kakehashi policy check: cannot read " + file + ": " + e.getMessage());
                return 64;
            }
            Facts facts =
                    Facts.of(parsedFlow, d.mediaType(), size, d.mismatch()).withExtension(d.declaredExtension());
            List<DlpFinding> dlp = List.of();
            if (policy.needsContent(parsedFlow)) {
                // The text of the file as received; the daemon reads the disarmed rendition's, which holds the same
                // words.
                jp.kakehashi.sanitizer.TextResult read = sanitizer.readText(file, d.mediaType());
                dlp = new DlpScanner(policy.dlp()).scan(read.text());
                facts = facts.withContent(new ContentFacts(
                        read instanceof jp.kakehashi.sanitizer.TextResult.Unreadable
                                ? java.util.Set.of(ContentFacts.TEXT_UNREADABLE)
                                : java.util.Set.of(),
                        dlp));
            }
            Decision decision = policy.decide(facts);
            ObjectNode out = Json.object();
            out.put("decision", decision.word());
            ArrayNode rules = out.putArray("rules");
            decision.rules().stream().map(RuleId::value).forEach(rules::add);
            ArrayNode findings = out.putArray("findings");
            findings.addObject().put("kind", "DETECTED_TYPE").put("detail", d.mediaType());
            if (d.mismatch()) {
                findings.addObject().put("kind", "TYPE_MISMATCH").put("detail", "declared " + d.declaredExtension());
            }
            for (DlpFinding f : dlp) {
                ObjectNode finding = findings.addObject()
                        .put("kind", "DLP")
                        .put("detector", f.detector())
                        .put("count", f.count())
                        .put("detail", f.example());
                f.members().forEach(finding.putArray("members")::add);
            }
            switch (decision) {
                case Decision.Allow a -> out.put("profile", a.settings().profileFor(d.mediaType()));
                case Decision.NeedsApproval a -> out.put("profile", a.settings().profileFor(d.mediaType()));
                case Decision.Block b -> {}
            }
            if (decision instanceof Decision.NeedsApproval a) {
                ArrayNode approvals = out.putArray("approvals");
                for (Approval x : a.approvals()) {
                    ArrayNode who = approvals
                            .addObject()
                            .put("kind", x.kind().word())
                            .put("ja", x.kind().japanese())
                            .put("deadlineHours", x.deadline().toHours())
                            .putArray("approvers");
                    x.approvers().forEach(who::add);
                }
            }
            if (decision instanceof Decision.Block b) {
                out.putObject("reason")
                        .put("code", b.reason().name())
                        .put("ja", b.reason().ja())
                        .put("en", b.reason().en())
                        .put("detail", b.detail());
            }
            Json.print(out);
            return decision instanceof Decision.Block ? 2 : 0;
        }
    }

    /**
     * {@code kakehashi policy lint FILE|DIR}: reads each policy file (every {@code *.yaml} of a
     * folder) and prints each error as {@code file:line:column: what was expected}; exit 0 when
     * all are clean, 2 otherwise.
     */
    @Command(name = "lint", description = "Check policy files; errors name file, line and column (ポリシーの検査).")
    static final class Lint implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE|DIR")
        Path target = Path.of("");

        @Override
        public Integer call() {
            List<Path> files = new ArrayList<>();
            try {
                if (Files.isDirectory(target)) {
                    try (var list = Files.list(target)) {
                        list.filter(p -> p.toString().endsWith(".yaml")
                                        || p.toString().endsWith(".yml"))
                                .sorted()
                                .forEach(files::add);
                    }
                } else if (Files.isRegularFile(target)) {
                    files.add(target);
                }
            } catch (java.io.IOException e) {
                System.err.println("kakehashi policy lint: cannot read " + target + ": " + e.getMessage());
                return 64;
            }
            if (files.isEmpty()) {
                System.err.println("kakehashi policy lint: no policy file at " + target + " (ポリシーファイルがありません)");
                return 64;
            }
            int bad = 0;
            for (Path f : files) {
                try {
                    Policy p = PolicyLoader.load(f);
                    System.out.println(f + ": OK (" + p.rules().size() + " rules / 規則 "
                            + p.rules().size() + " 件)");
                } catch (ConfigException e) {
                    System.out.println(e.getMessage());
                    bad++;
                }
            }
            return bad == 0 ? 0 : 2;
        }
    }
}
