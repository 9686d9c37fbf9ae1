package jp.kakehashi.web;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a portal behaves; {@link #DEFAULTS} is what a municipality gets unless it says otherwise.
 *
 * @param idleTimeout a session unused this long ends
 * @param absoluteTimeout a session ends this long after sign-in, however busy
 * @param maxUploadBytes the largest file one upload may carry
 * @param municipality the municipality's name as its reports are headed (「〇〇市」); empty when not configured
 */
public record PortalConfig(Duration idleTimeout, Duration absoluteTimeout, long maxUploadBytes, String municipality) {
    public static final PortalConfig DEFAULTS =
            new PortalConfig(Duration.ofMinutes(30), Duration.ofHours(10), 2L << 30, "");

    public PortalConfig {
        requireNonNull(idleTimeout, "idleTimeout");
        requireNonNull(absoluteTimeout, "absoluteTimeout");
        requireNonNull(municipality, "municipality");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("idle timeout must be positive and at most the absolute timeout");
        }
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("the upload size limit must be positive");
        }
        municipality = municipality.strip();
    }

    public PortalConfig(Duration idleTimeout, Duration absoluteTimeout, long maxUploadBytes) {
        this(idleTimeout, absoluteTimeout, maxUploadBytes, "");
    }

    public PortalConfig withMunicipality(String name) {
        return new PortalConfig(idleTimeout, absoluteTimeout, maxUploadBytes, name);
    }
}
