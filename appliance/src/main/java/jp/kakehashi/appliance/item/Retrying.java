package jp.kakehashi.appliance.item;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Why an item is held (保留) and when it is tried again: a step could not run for a reason outside
 * the file. Nothing receipted is given up: the wait doubles up to the reason's longest and the item
 * goes on by itself once the cause is gone.
 */
public record Retrying(Reason reason, Instant next) {
    public Retrying {
        requireNonNull(reason, "reason");
        requireNonNull(next, "next");
    }

    /**
     * Which try of {@code reason} the next hold is: one more when the item is already held for the
     * same reason, else the first. A different cause starts its own count, so a fault that follows
     * a long scanner outage is audited and retried within seconds rather than inheriting the
     * outage's longest wait unseen.
     */
    public static int attemptFor(Optional<Retrying> held, int attempts, Reason reason) {
        return held.filter(h -> h.reason() == reason).isPresent() ? attempts + 1 : 1;
    }

    /** Told to the sender as it is; the technical detail stays in the log and the audit trail. */
    public enum Reason {
        /** Asking a scanner costs nothing: files go on within a minute of its return. */
        SCANNER_UNAVAILABLE("ウイルス検査が一時的に使えません", "the virus scanner is unavailable for now", Duration.ofMinutes(1)),
        /** A full disk or a failing part: tried every quarter hour at most, without flooding the log. */
        INTERNAL_ERROR("装置内部の一時的な障害です", "a temporary fault inside the appliance", Duration.ofMinutes(15));

        private final String japanese;
        private final String english;
        private final Duration longestWait;

        Reason(String japanese, String english, Duration longestWait) {
            this.japanese = japanese;
            this.english = english;
            this.longestWait = longestWait;
        }

        /** The wait before try {@code attempt + 1}: 2 s, 4 s, 8 s ... up to this reason's longest. */
        public Duration waitAfter(int attempt) {
            return Duration.ofSeconds(Math.min(longestWait.toSeconds(), 1L << Math.min(Math.max(attempt, 1), 20)));
        }

        public String japanese() {
            return japanese;
        }

        public String english() {
            return english;
        }
    }
}
