package jp.kakehashi.appliance.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What an SFTP upload that has not ended yet may hold: an interrupted upload (kept so the client
 * can resume it) and one under a temporary name (kept until it is renamed into place) are
 * discarded after {@code keptFor} without a write; an account has at most {@code perAccount}.
 */
public record ResumableUploads(Duration keptFor, int perAccount) {
    public ResumableUploads {
        requireNonNull(keptFor, "keptFor");
        if (keptFor.isNegative() || keptFor.isZero()) {
            throw new IllegalArgumentException("keptFor must be positive");
        }
        if (perAccount < 1) {
            throw new IllegalArgumentException("perAccount must be at least 1");
        }
    }

    /** A day to resume in (a contractor's line that drops in the evening is back the next morning), ten at once. */
    public static ResumableUploads defaults() {
        return new ResumableUploads(Duration.ofHours(24), 10);
    }
}
