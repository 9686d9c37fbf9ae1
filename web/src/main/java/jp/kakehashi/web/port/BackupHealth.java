package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The scheduled backups, as the health page shows them.
 *
 * @param configured whether the configuration schedules backups at all
 * @param lastSuccess when the newest snapshot was taken
 * @param bytes how much that snapshot holds
 * @param lastFailure why the last try failed, if it did
 */
public record BackupHealth(
        boolean configured,
        String destination,
        Optional<Instant> lastSuccess,
        String lastSnapshot,
        long bytes,
        Optional<String> lastFailure) {
    /** A day and two hours: a daily backup that missed one turn is a warning. */
    public static final Duration STALE = Duration.ofHours(26);

    public static final BackupHealth NONE = new BackupHealth(false, "", Optional.empty(), "", 0, Optional.empty());

    public BackupHealth {
        requireNonNull(destination, "destination");
        requireNonNull(lastSuccess, "lastSuccess");
        requireNonNull(lastSnapshot, "lastSnapshot");
        requireNonNull(lastFailure, "lastFailure");
    }

    /** Not configured, or no snapshot in the last {@link #STALE}. */
    public boolean stale(Instant now) {
        return !configured || lastSuccess.map(t -> t.isBefore(now.minus(STALE))).orElse(true);
    }
}
