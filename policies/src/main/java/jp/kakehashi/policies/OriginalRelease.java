package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * 原本取り出し: who must approve before a staff member receives the original of a disarmed file,
 * and how long the original is then available to that one person before it is withdrawn.
 *
 * @param approval the approval every request needs (kind, approvers, deadline)
 * @param availableFor how long an approved, re-scanned original stays available; hours, not days
 */
public record OriginalRelease(Approval approval, Duration availableFor) {
    /** The longest an original may stay out: a week covers a long weekend, longer is a copy. */
    public static final Duration MAX_AVAILABLE = Duration.ofDays(7);

    /** What a policy file that says nothing asks: the security officer approves, 24 hours out. */
    public static final OriginalRelease DEFAULT = new OriginalRelease(
            new Approval(ApprovalKind.SECURITY_OFFICER, List.of("group:security-officers"), Duration.ofDays(1)),
            Duration.ofHours(24));

    public OriginalRelease {
        requireNonNull(approval, "approval");
        requireNonNull(availableFor, "availableFor");
        if (availableFor.isNegative() || availableFor.isZero()) {
            throw new IllegalArgumentException("available-for must be positive");
        }
        if (availableFor.compareTo(MAX_AVAILABLE) > 0) {
            throw new IllegalArgumentException(
                    "at most " + MAX_AVAILABLE.toDays() + "d: an original stays out for hours, not for good");
        }
    }
}
