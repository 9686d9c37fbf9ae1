package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.policies.RuleId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kakehashi policy simulate FILE|DIR [--days N]}: replays the recorded facts of the last N
 * days' items against a proposed policy and reports every item whose decision would change. The
 * files themselves are not read again: what was known when the daemon decided (type, size,
 * sender, the sanitizer's and DLP's findings) is what is replayed. Exit 0 (whether or not
 * anything changes), 2 when the proposed policy does not lint, 64 on usage errors.
 */
@Command(
        name = "simulate",
        description = "Replay the last N days' items against a proposed policy and list what would change (影響の確認).")
final class PolicySimulateCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Parameters(
            index = "0",
            paramLabel = "FILE|DIR",
            description = "The proposed policy file, or a folder holding one.")
    Path proposed = Path.of("");

    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "How far back (default: 7 days).")
    int days;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    /** One item whose decision would change. */
    private record Change(TransferItem item, String to, List<String> rules, boolean dlpRecordedOtherwise) {}

    @Override
    public Integer call() {
        if (days < 1 || days > 3660) {
            System.err.println("kakehashi policy simulate: --days must be 1-3660, was " + days);
            return 64;
        }
        Path file;
        try {
            file = policyFile(proposed);
        } catch (IllegalArgumentException e) {
            System.err.println("kakehashi policy simulate: " + e.getMessage());
            return 64;
        }
        Policy policy;
        try {
            policy = PolicyLoader.load(file);
        } catch (ConfigException e) {
            System.err.println("kakehashi policy simulate: the proposed policy does not lint (ポリシーに誤りがあります):");
            System.err.println(e.getMessage());
            return 2;
        }
        ApplianceConfig config = data.load();
        List<TransferItem> items;
        try (Database db = Database.open(new DataDir(config.dataDir()).database())) {
            items = new Items(db, new JdbcItemStore(), Clock.systemUTC())
                    .decidedSince(Instant.now().minus(Duration.ofDays(days)));
        }
        String detectors = policy.dlp().fingerprint();
        List<Change> changes = new ArrayList<>();
        for (TransferItem item : items) {
            RecordedFacts recorded = RecordedFacts.parse(item.facts());
            Decision d = policy.replay(recorded.facts());
            if (!d.word().equals(item.decision())) {
                changes.add(new Change(
                        item,
                        d.word(),
                        d.rules().stream().map(RuleId::value).toList(),
                        recorded.facts().content().isPresent()
                                && !recorded.detectors().equals(detectors)));
            }
        }
        Map<String, Integer> byDecision = new TreeMap<>();
        changes.forEach(c -> byDecision.merge(c.to(), 1, Integer::sum));
        if (json) {
            ObjectNode out = Json.object();
            out.put("policy", file.toString());
            out.put("days", days);
            out.put("items", items.size());
            out.put("unchanged", items.size() - changes.size());
            ObjectNode summary = out.putObject("wouldNow");
            byDecision.forEach(summary::put);
            ArrayNode list = out.putArray("changed");
            for (Change c : changes) {
                ObjectNode o = list.addObject()
                        .put("item", c.item().id())
                        .put("name", c.item().name())
                        .put("flow", c.item().flow().toString())
                        .put("sender", c.item().sender())
                        .put("organisation", c.item().organisation())
                        .put("received", c.item().createdAt().toString())
                        .put("from", c.item().decision())
                        .put("to", c.to())
                        .put("dlpRecordedUnderOtherDetectors", c.dlpRecordedOtherwise());
                ArrayNode rules = o.putArray("rules");
                c.rules().forEach(rules::add);
            }
            Json.print(out);
            return 0;
        }
        StringBuilder s = new StringBuilder();
        s.append("過去 ")
                .append(days)
                .append(" 日の ")
                .append(items.size())
                .append(" 件を ")
                .append(file)
                .append(" で再判定しました / Replayed ")
                .append(items.size())
                .append(" items of the last ")
                .append(days)
                .append(" days against ")
                .append(file)
                .append('\n');
        if (changes.isEmpty()) {
            s.append("判定の変わる項目はありません / No decision would change.\n");
        }
        byDecision.forEach((to, n) -> s.append("  ")
                .append(n)
                .append(" 件が「")
                .append(PolicyExplainCommand.decisionJa(to))
                .append("」になります / ")
                .append(n)
                .append(n == 1 ? " file" : " files")
                .append(
                        switch (to) {
                            case "allow" -> " would now be allowed without approval";
                            case "approval" -> " would now need approval";
                            case "block" -> " would now be blocked";
                            default -> " would now be " + to;
                        })
                .append('\n'));
        for (Change c : changes) {
            s.append("  ")
                    .append(c.item().id())
                    .append("  ")
                    .append(c.item().flow())
                    .append("  ")
                    .append(c.item().sender())
                    .append(" → ")
                    .append(c.item().organisation())
                    .append("  ")
                    .append(c.item().name())
                    .append(": ")
                    .append(c.item().decision())
                    .append(" → ")
                    .append(c.to())
                    .append(c.rules().isEmpty() ? "" : " (" + String.join(",", c.rules()) + ")")
                    .append(
                            c.dlpRecordedOtherwise()
                                    ? "  ※ DLP の検出は別の設定で記録 / DLP findings were recorded under other detectors"
                                    : "")
                    .append('\n');
        }
        System.out.print(s);
        return 0;
    }

    /** The policy file itself, or the one {@code *.yaml} of a folder. */
    private static Path policyFile(Path target) {
        if (Files.isRegularFile(target)) {
            return target;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " is not a file or folder (ファイルがありません)");
        }
        List<Path> yaml;
        try (var list = Files.list(target)) {
            yaml = list.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + target + ": " + e.getMessage(), e);
        }
        if (yaml.size() != 1) {
            throw new IllegalArgumentException(
                    target + " must hold exactly one policy file (*.yaml), holds " + yaml.size());
        }
        return yaml.get(0);
    }
}
