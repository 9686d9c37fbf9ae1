package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.jdbc.JdbcPolicyVersionStore;
import jp.kakehashi.appliance.policy.PolicyVersions;
import jp.kakehashi.appliance.sftp.Sizes;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Party;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.RuleId;
import jp.kakehashi.policies.dlp.DlpFinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kakehashi policy explain ITEM}: why an item got its decision. Shows the facts the
 * decision was made on (as recorded then), each rule of the item's flow in the policy now in
 * force with the condition that kept it from applying, and whether that policy still decides the
 * same. Exit 0; 2 when the item is unknown.
 */
@Command(name = "explain", description = "Why an item got its decision: its facts and every rule of its flow (判定の理由).")
final class PolicyExplainCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    @Mixin
    DataOptions data = new DataOptions();

    @Parameters(index = "0", paramLabel = "ITEM", description = "The item id (from a receipt or the audit log).")
    String itemId = "";

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        ApplianceConfig config = data.load();
        Policy policy;
        try {
            policy = config.policy();
        } catch (ConfigException e) {
            System.err.println("kakehashi policy explain: the configured policy does not lint: " + e.getMessage());
            return 2;
        }
        Optional<TransferItem> found;
        try (Database db = Database.open(new DataDir(config.dataDir()).database())) {
            found = new Items(db, new JdbcItemStore(), Clock.systemUTC()).find(itemId);
            Accounts accounts = new Accounts(
                    db,
                    new JdbcIdentityStore(),
                    new PasswordHasher(new java.security.SecureRandom()),
                    Clock.systemUTC());
            policy = new PolicyVersions(db, new JdbcPolicyVersionStore(), accounts, Clock.systemUTC()).inForce(policy);
        }
        if (found.isEmpty()) {
            System.err.println("kakehashi policy explain: 該当する項目がありません / no such item: " + itemId);
            return 2;
        }
        TransferItem item = found.get();
        ObjectNode out = Json.object();
        out.put("item", item.id());
        out.put("name", item.name());
        out.put("flow", item.flow().toString());
        out.put("sender", item.sender());
        out.put("organisation", item.organisation());
        out.put("received", TIME.format(item.createdAt()));
        out.put("state", item.state().name());
        out.put("stateJa", item.state().japanese());
        out.put("reasonCode", item.reasonCode());
        if (item.facts().isEmpty()) {
            out.put("decision", "");
            out.put("note", "policy did not decide: the item stopped before (" + item.reasonCode() + ")");
            print(out, item, Optional.empty(), policy);
            return 0;
        }
        RecordedFacts recorded = RecordedFacts.parse(item.facts());
        out.put("decision", item.decision());
        ArrayNode recordedRules = out.putArray("rules");
        for (String r : item.rules().split(",")) {
            if (!r.isBlank()) {
                recordedRules.add(r);
            }
        }
        out.set("facts", recorded.toNode());
        ArrayNode trace = out.putArray("trace");
        for (Policy.RuleTrace t : policy.trace(recorded.facts())) {
            trace.addObject()
                    .put("rule", t.id().value())
                    .put("effect", t.effect().word())
                    .put("applied", t.applied())
                    .put("failedOn", t.failedOn().orElse(""))
                    .put("description", t.description());
        }
        Decision now = policy.replay(recorded.facts());
        ObjectNode current = out.putObject("now");
        current.put("decision", now.word());
        ArrayNode nowRules = current.putArray("rules");
        now.rules().stream().map(RuleId::value).forEach(nowRules::add);
        current.put("same", now.word().equals(item.decision()));
        print(out, item, Optional.of(recorded), policy);
        return 0;
    }

    private void print(ObjectNode out, TransferItem item, Optional<RecordedFacts> recorded, Policy policy) {
        if (json) {
            Json.print(out);
            return;
        }
        StringBuilder s = new StringBuilder();
        s.append("項目 / Item: ")
                .append(item.id())
                .append("  ")
                .append(item.name())
                .append('\n');
        s.append("方向 / Flow: ")
                .append(item.flow())
                .append("  送信者 / Sender: ")
                .append(item.sender())
                .append("  相手 / Organisation: ")
                .append(item.organisation())
                .append('\n');
        s.append("受付 / Received: ").append(TIME.format(item.createdAt())).append('\n');
        s.append("状態 / State: ")
                .append(item.state().japanese())
                .append(" (")
                .append(item.state().name())
                .append(")\n");
        if (recorded.isEmpty()) {
            s.append("ポリシーの判定前に止まりました / Stopped before policy decided: ")
                    .append(item.reasonCode())
                    .append('\n');
            System.out.print(s);
            return;
        }
        Facts f = recorded.get().facts();
        s.append("\n判定 / Decision: ")
                .append(decisionJa(item.decision()))
                .append(" (")
                .append(item.decision())
                .append(")  規則 / Rules: ")
                .append(item.rules().isEmpty() ? "-" : item.rules())
                .append('\n');
        s.append("\n判定に使った事実 / Facts decided on:\n");
        s.append("  種類 / True type: ")
                .append(f.mediaType())
                .append("  拡張子 / Extension: ")
                .append(f.extension().isEmpty() ? "-" : f.extension())
                .append(f.typeMismatch() ? "  (拡張子と中身が違う / name claims another type)" : "")
                .append('\n');
        s.append("  大きさ / Size: ").append(Sizes.human(f.sizeBytes())).append('\n');
        s.append("  送信者 / Sender: ").append(party(f.sender())).append('\n');
        s.append("  宛先 / Recipient: ").append(party(f.recipient())).append('\n');
        s.append("  受付時刻 / Time (JST): ").append(f.timeOfDay()).append('\n');
        if (f.content().isPresent()) {
            s.append("  無害化で削除 / Removed: ")
                    .append(
                            f.content().get().sanitizerFindings().isEmpty()
                                    ? "-"
                                    : String.join(", ", f.content().get().sanitizerFindings()))
                    .append('\n');
            s.append("  DLP: ");
            if (f.content().get().dlp().isEmpty()) {
                s.append("-");
            }
            for (DlpFinding d : f.content().get().dlp()) {
                s.append(d.detector())
                        .append(" ×")
                        .append(d.count())
                        .append(" (")
                        .append(d.example())
                        .append(d.members().isEmpty() ? "" : " in " + String.join(", ", d.members()))
                        .append(")  ");
            }
            s.append('\n');
        } else {
            s.append("  (無害化前に判定 / decided before disarming)\n");
        }
        s.append("\n現在のポリシーの規則 / Rules of this flow in the policy now in force:\n");
        for (Policy.RuleTrace t : policy.trace(f)) {
            s.append(t.applied() ? "  ✔ " : "  ✘ ")
                    .append(t.id().value())
                    .append(" [")
                    .append(t.effect().word())
                    .append("] ")
                    .append(
                            t.applied()
                                    ? "適用 / applies"
                                    : "不適用 / not applied: " + t.failedOn().orElseThrow())
                    .append("  ")
                    .append(t.description())
                    .append('\n');
        }
        ObjectNode now = (ObjectNode) out.path("now");
        s.append("\n現在のポリシーでの判定 / Decision under the policy now in force: ")
                .append(decisionJa(now.path("decision").asText()))
                .append(" (")
                .append(now.path("decision").asText())
                .append(")")
                .append(now.path("same").asBoolean() ? "  変更なし / unchanged" : "  ※ 記録と異なります / differs from the record")
                .append('\n');
        System.out.print(s);
    }

    private static String party(Party p) {
        String groups = p.groups().isEmpty()
                ? ""
                : " groups " + String.join(",", p.groups().stream().sorted().toList());
        return (p.user().isEmpty() ? "-" : p.user()) + groups + " org " + p.organisation();
    }

    static String decisionJa(String word) {
        return switch (word) {
            case "allow" -> "許可";
            case "approval" -> "承認が必要";
            case "block" -> "拒否";
            default -> word;
        };
    }
}
