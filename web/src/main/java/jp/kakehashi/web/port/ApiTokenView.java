package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** One personal API token as its owner's page lists it. */
public record ApiTokenView(
        long id, String label, Instant createdAt, Instant expiresAt, Optional<Instant> lastUsedAt, boolean revoked) {
    public ApiTokenView {
        requireNonNull(label, "label");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(lastUsedAt, "lastUsedAt");
    }

    public boolean usableAt(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }
}
