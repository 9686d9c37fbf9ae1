package jp.kakehashi.appliance.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One proposed policy text and what became of it.
 *
 * @param source the file it was proposed from (errors name it, with line and column)
 * @param detail why the daemon refused it, when it did
 */
public record PolicyVersion(
        long id,
        String source,
        String text,
        String sha256,
        String reason,
        String proposedBy,
        Instant proposedAt,
        Optional<String> confirmedBy,
        Optional<Instant> confirmedAt,
        Optional<Instant> activatedAt,
        State state,
        String detail) {
    public PolicyVersion {
        requireNonNull(source, "source");
        requireNonNull(text, "text");
        requireNonNull(state, "state");
    }

    /** Where a version is in its life. */
    public enum State {
        PROPOSED("確認待ち"),
        CONFIRMED("確認済 (適用待ち)"),
        ACTIVE("適用中"),
        SUPERSEDED("置き換え済"),
        REFUSED("適用できず");

        private final String japanese;

        State(String japanese) {
            this.japanese = japanese;
        }

        public String japanese() {
            return japanese;
        }
    }
}
