package jp.kakehashi.appliance.approval;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One approval or rejection.
 *
 * @param approver the account that acted
 * @param principal whom the approver acted for: themselves, or the account that delegated to them
 * @param sha256 the rendition's hash the vote was given for
 */
public record Vote(String approver, String principal, boolean approve, String comment, String sha256, Instant at) {
    public Vote {
        requireNonNull(approver, "approver");
        requireNonNull(principal, "principal");
        requireNonNull(comment, "comment");
        requireNonNull(sha256, "sha256");
        requireNonNull(at, "at");
    }

    /** True when the approver acted for someone else (代理承認). */
    public boolean delegated() {
        return !approver.equals(principal);
    }

    /** Whether this vote and {@code other} involve a common person, as approver or principal. */
    public boolean sharesPersonWith(String otherApprover, String otherPrincipal) {
        return approver.equals(otherApprover)
                || approver.equals(otherPrincipal)
                || principal.equals(otherApprover)
                || principal.equals(otherPrincipal);
    }
}
