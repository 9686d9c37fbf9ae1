package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * An approval a rule requires.
 *
 * @param kind who must approve, and how many
 * @param approvers who may approve ({@code user:}, {@code group:} patterns)
 * @param deadline how long the request waits before it escalates, then expires
 */
public record Approval(ApprovalKind kind, List<String> approvers, Duration deadline) {
    public Approval {
        requireNonNull(kind, "kind");
        approvers = List.copyOf(approvers);
        requireNonNull(deadline, "deadline");
        if (approvers.isEmpty()) {
            throw new IllegalArgumentException("an approval needs at least one approver pattern");
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("an approval deadline must be positive, was " + deadline);
        }
    }
}
