package jp.kakehashi.appliance.quarantine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An officer's taking out of one stopped file's original, with why and until when they may download it. */
public record QuarantineRelease(
        long id, String item, String officer, String reason, Instant releasedAt, Instant expiresAt) {
    public QuarantineRelease {
        requireNonNull(item, "item");
        requireNonNull(officer, "officer");
        requireNonNull(reason, "reason");
        requireNonNull(releasedAt, "releasedAt");
        requireNonNull(expiresAt, "expiresAt");
    }

    public boolean downloadableAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
