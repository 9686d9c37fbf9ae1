package jp.kakehashi.appliance.approval;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.policies.ApprovalKind;

/**
 * One approval a decision asked for, as stored.
 *
 * @param item the transfer item it holds (or, for an original request, whose original it releases)
 * @param originalRequest the 原本取り出し request it decides; empty when it decides the item's release
 * @param approvers who may approve ({@code user:}, {@code group:}, {@code org:} patterns, from policy)
 * @param rules the ids of the rules that asked for approvals, comma-separated
 * @param sha256 the hash of the bytes the request is bound to (the rendition, or the original for an
 *     original request): a vote for other bytes does not count
 * @param findings what the approver should know (DLP findings, masked; what was removed), as JSON
 * @param escalateAt when the security officers may also decide
 * @param expiresAt when a request nobody decided expires and the item is rejected
 */
public record ApprovalRequest(
        long id,
        String item,
        Optional<Long> originalRequest,
        ApprovalKind kind,
        List<String> approvers,
        String rules,
        String sha256,
        String findings,
        ApprovalState state,
        boolean escalated,
        Instant requestedAt,
        Instant escalateAt,
        Instant expiresAt,
        List<Vote> votes) {
    public ApprovalRequest {
        requireNonNull(item, "item");
        requireNonNull(originalRequest, "originalRequest");
        requireNonNull(kind, "kind");
        approvers = List.copyOf(approvers);
        requireNonNull(rules, "rules");
        requireNonNull(sha256, "sha256");
        requireNonNull(findings, "findings");
        requireNonNull(state, "state");
        requireNonNull(requestedAt, "requestedAt");
        requireNonNull(escalateAt, "escalateAt");
        requireNonNull(expiresAt, "expiresAt");
        votes = List.copyOf(votes);
    }

    /** Approvals given so far (a rejection ends the request, so there is at most one). */
    public long approvals() {
        return votes.stream().filter(Vote::approve).count();
    }
}
