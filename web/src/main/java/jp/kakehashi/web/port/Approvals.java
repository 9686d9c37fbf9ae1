package jp.kakehashi.web.port;

import java.util.List;
import java.util.Optional;

/**
 * Approval requests (承認依頼) as an approver sees them. Every method answers only requests the
 * user may decide now: the policy names them as an approver (or a delegate), or the request was
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
}
