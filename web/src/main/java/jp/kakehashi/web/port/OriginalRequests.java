package jp.kakehashi.web.port;

import java.util.List;
import java.util.Optional;

/**
 * 原本取り出し on the LGWAN portal: a staff member asks, with a reason, for the original of a
 * disarmed file; the approvers decide on their approval pages; once re-scanned clean it is that
 * person's to download for a limited time.
 */
public interface OriginalRequests {
    /** The user's own requests, newest first; for a security officer, everyone's. */
    List<OriginalView> requests(User user);

    /** Asks for the original of a delivered file the user received. */
    Verdict request(User user, String itemId, String reason);

    /** The released original, if it is this user's to download now (audited on download). */
    Optional<Download> original(User user, long requestId);
}
