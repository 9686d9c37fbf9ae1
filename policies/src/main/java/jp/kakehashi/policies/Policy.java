package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded policy and its engine: every rule for the file's flow applies, a block from any of
 * them wins, and a flow with no rule is denied.
 */
public record Policy(List<FlowRule> rules) {
    public Policy {
        rules = List.copyOf(rules);
    }

    /** Decides for one file; see the type's contract. */
    public Decision decide(Facts facts) {
        requireNonNull(facts, "facts");
        List<FlowRule> matching =
                rules.stream().filter(r -> r.flow().equals(facts.flow())).toList();
        if (matching.isEmpty()) {
            return new Decision.Block(
                    List.of(), PolicyReason.FLOW_DENIED, facts.flow().toString());
        }
        List<RuleId> cited = new ArrayList<>();
        for (FlowRule rule : matching) {
            cited.add(rule.id());
            if (!rule.allowedTypes().contains(facts.mediaType())) {
                return new Decision.Block(List.of(rule.id()), PolicyReason.TYPE_NOT_ALLOWED, facts.mediaType());
            }
            if (facts.sizeBytes() > rule.maxBytes()) {
                return new Decision.Block(
                        List.of(rule.id()),
                        PolicyReason.SIZE_LIMIT,
                        facts.sizeBytes() + " > " + rule.maxBytes() + " bytes");
            }
            if (rule.blockTypeMismatch() && facts.typeMismatch()) {
                return new Decision.Block(List.of(rule.id()), PolicyReason.TYPE_MISMATCH, facts.mediaType());
            }
        }
        return new Decision.Allow(cited);
    }
}
