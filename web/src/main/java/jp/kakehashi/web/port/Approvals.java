package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Approval requests (承認依頼) as an approver sees them. Every method but {@link #decided} answers
 * only requests the user may decide now: the policy names them as an approver (or a delegate), or the request was
 * escalated and they are a security officer. Nobody decides on a file they sent.
 */
public interface Approvals {
    /** The user's queue (承認待ち一覧), oldest first. */
    List<ApprovalView> queue(User user);

    /** One request from the user's queue. */
    Optional<ApprovalView> request(User user, long id);

    /**
     * The bytes the request is bound to, for the approver to review before deciding. Closing the
     * stream records the review in the audit trail; it does not count as the recipient's download.
     */
    Optional<Download> review(User user, long id);

    /**
     * Approves the request.
     *
     * @param reviewedSha256 the hash of the file the page showed: a request for other bytes is refused
     */
    Verdict approve(User user, long id, String reviewedSha256, String comment);

    /** Rejects the request; the comment (why) is required and is shown to the sender. */
    Verdict reject(User user, long id, String comment);

    /**
     * A request the user decided, kept readable after it left their queue.
     *
     * @param approved the user's own decision
     * @param comment what the user wrote with it (the reason, when rejected)
     * @param stateJa where the request stands now (承認済, 却下, 期限切れ, 無効, or still 承認待ち for a second approver)
     */
    record Decided(ApprovalView request, boolean approved, String comment, Instant at, String stateJa, String stateEn) {
        public Decided {
            requireNonNull(request, "request");
            requireNonNull(comment, "comment");
            requireNonNull(at, "at");
            requireNonNull(stateJa, "stateJa");
            requireNonNull(stateEn, "stateEn");
        }
    }

    /** The requests the user decided, the most recent first, at most {@link #DECIDED_SHOWN}. */
    List<Decided> decided(User user);

    int DECIDED_SHOWN = 50;
}
