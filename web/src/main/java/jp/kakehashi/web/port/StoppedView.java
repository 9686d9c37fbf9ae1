package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stopped file as an officer reviews it.
 *
 * @param sha256 the original's hash, to look it up elsewhere (a malware database, the sender)
 * @param detectedType the type the content really is
 * @param originalKept false once retention erased the original
 * @param releases every time an officer took the original out, oldest first
 * @param downloadableUntil when this officer's own download window closes, if it is open
 */
public record StoppedView(
        ItemView item,
        String sha256,
        String detectedType,
        boolean originalKept,
        List<Release> releases,
        Optional<Instant> downloadableUntil) {
    public StoppedView {
        requireNonNull(item, "item");
        requireNonNull(sha256, "sha256");
        requireNonNull(detectedType, "detectedType");
        releases = List.copyOf(releases);
        requireNonNull(downloadableUntil, "downloadableUntil");
    }

    /** One taking-out of the original: who, why, when, until when. */
    public record Release(String officer, String reason, Instant at, Instant until) {
        public Release {
            requireNonNull(officer, "officer");
            requireNonNull(reason, "reason");
            requireNonNull(at, "at");
            requireNonNull(until, "until");
        }
    }
}
