package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.kakehashi.policies.dlp.DlpRules;
import jp.kakehashi.policies.imports.ImportSchema;

/**
 * A loaded policy and its engine. Every rule of the file's flow whose conditions hold applies;
 * block beats approval beats allow; a flow with no rule, or a file no rule allows, is denied (an
 * approval rule adds a requirement to an allowed file, it allows nothing by itself).
 * The decision cites every rule that contributed to it.
 *
 * <p>{@code originals} says who approves 原本取り出し (a staff member taking out the original of a
 * disarmed file) and for how long it is then out.
 *
 * <p>Decided twice in a file's life: on its received facts (rules about content do not apply
 * yet), and again on the disarmed file with its sanitizer and DLP findings.
 */
public record Policy(
        List<Rule> rules, DlpRules dlp, Retention retention, List<ImportSchema> imports, OriginalRelease originals) {
    public Policy {
        rules = List.copyOf(rules);
        requireNonNull(dlp, "dlp");
        requireNonNull(retention, "retention");
        imports = List.copyOf(imports);
        requireNonNull(originals, "originals");
    }

    /** The declared import layout a file of this name follows (the first whose names match). */
    public Optional<ImportSchema> importFor(String fileName) {
        return imports.stream().filter(i -> i.matchesName(fileName)).findFirst();
    }

    /**
     * How long an item's copies live: what its decision's rules set, else the policy's default
     * (which also covers files blocked, quarantined or rejected).
     */
    public Retention retentionFor(Decision decision) {
        return switch (decision) {
            case Decision.Allow a -> a.settings().retention().orElse(retention);
            case Decision.NeedsApproval a -> a.settings().retention().orElse(retention);
            case Decision.Block b -> retention;
        };
    }

    public Decision decide(Facts facts) {
        requireNonNull(facts, "facts");
        List<Rule> forFlow =
                rules.stream().filter(r -> r.flow().equals(facts.flow())).toList();
        if (forFlow.isEmpty()) {
            return new Decision.Block(
                    List.of(), PolicyReason.FLOW_DENIED, facts.flow().toString());
        }
        List<Rule> matching =
                forFlow.stream().filter(r -> r.when().matches(facts)).toList();
        List<Rule> blocks = withEffect(matching, Effect.BLOCK);
        if (!blocks.isEmpty()) {
            Rule first = blocks.get(0);
            String detail = first.message().isEmpty()
                    ? facts.mediaType() + ", " + facts.sizeBytes() + " bytes"
                    : first.message();
            return new Decision.Block(ids(blocks), first.reason(), detail);
        }
        List<Rule> approvals = withEffect(matching, Effect.APPROVAL);
        List<Rule> allows = withEffect(matching, Effect.ALLOW);
        if (allows.isEmpty()) {
            // An approval rule adds a requirement to a file some rule allows; it never lets a file through alone.
            return new Decision.Block(
                    List.of(),
                    PolicyReason.NO_RULE_ALLOWS,
                    facts.flow() + ": " + facts.mediaType() + ", " + facts.sizeBytes() + " bytes");
        }
        Settings settings = Settings.merge(matching);
        if (!approvals.isEmpty()) {
            return new Decision.NeedsApproval(
                    ids(matching),
                    approvals.stream().map(r -> r.approval().orElseThrow()).toList(),
                    settings);
        }
        return new Decision.Allow(ids(matching), settings);
    }

    /**
     * The decision the pipeline reaches for these facts: first on what is known when the file is
     * received (its content left out), and unless that blocks, again with the content findings.
     * {@code policy simulate} replays recorded facts through this, so it must stay the pipeline's
     * order.
     */
    public Decision replay(Facts recorded) {
        Facts received = recorded.withoutContent();
        Decision first = decide(received);
        if (first instanceof Decision.Block || recorded.content().isEmpty()) {
            return first;
        }
        return decide(recorded);
    }

    /** How each rule of the facts' flow met them, in file order: what {@code policy explain} prints. */
    public List<RuleTrace> trace(Facts facts) {
        return rules.stream()
                .filter(r -> r.flow().equals(facts.flow()))
                .map(r -> new RuleTrace(
                        r.id(), r.effect(), r.description(), r.when().firstFailure(facts)))
                .toList();
    }

    /**
     * One rule against one file's facts.
     *
     * @param failedOn the first condition that did not hold, empty when the rule applied
     */
    public record RuleTrace(RuleId id, Effect effect, String description, Optional<String> failedOn) {
        public boolean applied() {
            return failedOn.isEmpty();
        }
    }

    /**
     * Every approver pattern of this policy ({@code group:kacho}, {@code org:somu},
     * {@code user:NAME}), from the rules' approvals and from 原本取り出し: whoever joins one of those
     * groups or organisations becomes an approver, which the appliance treats as a privileged change.
     */
    public Set<String> approverPatterns() {
        Set<String> patterns = new TreeSet<>(originals.approval().approvers());
        for (Rule r : rules) {
            r.approval().ifPresent(a -> patterns.addAll(a.approvers()));
        }
        return Collections.unmodifiableSet(patterns);
    }

    /** Whether some rule of this flow looks at sanitizer or DLP findings, so the file's text must be read. */
    public boolean needsContent(Flow flow) {
        return rules.stream().anyMatch(r -> r.flow().equals(flow) && r.when().needsContent());
    }

    private static List<Rule> withEffect(List<Rule> rules, Effect effect) {
        return rules.stream().filter(r -> r.effect() == effect).toList();
    }

    private static List<RuleId> ids(List<Rule> rules) {
        List<RuleId> ids = new ArrayList<>();
        rules.forEach(r -> ids.add(r.id()));
        return ids;
    }
}
