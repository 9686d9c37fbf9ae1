package jp.kakehashi.web.port;

import java.util.List;
import java.util.Optional;

/**
 * The security officers' review of the files the appliance stopped (隔離・ブロック), and taking
 * one's original out with a written reason. The file itself stays stopped.
 */
public interface QuarantineReview {
    /** The newest stopped files, newest first. */
    List<StoppedView> stopped(User officer);

    Optional<StoppedView> stoppedItem(User officer, String id);

    /** Takes the original out for this officer; the reason is required and goes into the audit trail. */
    Verdict release(User officer, String id, String reason);

    /**
     * The original, if this officer took it out and its download window is open. Its name ends in
     * {@code .quarantine} so that nobody opens it by a double click.
     */
    Optional<Download> original(User officer, String id);
}
