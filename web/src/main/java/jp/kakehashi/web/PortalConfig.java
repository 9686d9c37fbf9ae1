package jp.kakehashi.web;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a portal behaves; {@link #DEFAULTS} is what a municipality gets unless it says otherwise.
 *
 * @param idleTimeout a session unused this long ends
 * @param absoluteTimeout a session ends this long after sign-in, however busy
 * @param maxUploadBytes the largest file one upload may carry
 * @param failuresBeforeLock wrong passwords or codes in a row that lock an account
 * @param lockFor how long a locked account stays locked
 * @param failuresPerSource wrong attempts one address may make per {@code lockFor} across all accounts
 */
public record PortalConfig(
        Duration idleTimeout,
        Duration absoluteTimeout,
        long maxUploadBytes,
        int failuresBeforeLock,
        Duration lockFor,
        int failuresPerSource) {
    public static final PortalConfig DEFAULTS =
            new PortalConfig(Duration.ofMinutes(30), Duration.ofHours(10), 2L << 30, 5, Duration.ofMinutes(15), 30);

    public PortalConfig {
        requireNonNull(idleTimeout, "idleTimeout");
        requireNonNull(absoluteTimeout, "absoluteTimeout");
        requireNonNull(lockFor, "lockFor");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("idle timeout must be positive and at most the absolute timeout");
        }
        if (maxUploadBytes < 1 || failuresBeforeLock < 1 || failuresPerSource < 1) {
            throw new IllegalArgumentException("upload size and failure limits must be positive");
        }
    }
}
