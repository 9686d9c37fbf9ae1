package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * What one flow allows.
 *
 * @param id the rule's id, cited in decisions
 * @param flow the direction it governs
 * @param allowedTypes true media types that may cross (after disarm); anything else is blocked
 * @param maxBytes the largest file that may cross
 * @param blockTypeMismatch block files whose name claims another type than their content
 */
public record FlowRule(RuleId id, Flow flow, Set<String> allowedTypes, long maxBytes, boolean blockTypeMismatch) {
    public FlowRule {
        requireNonNull(id, "id");
        requireNonNull(flow, "flow");
        allowedTypes = Set.copyOf(allowedTypes);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("max-size of rule " + id + " must be positive, was " + maxBytes);
        }
    }
}
