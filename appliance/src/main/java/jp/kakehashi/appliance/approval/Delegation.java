package jp.kakehashi.appliance.approval;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** 代理承認: {@code delegate} may approve what {@code principal} may, from {@code startsAt} until {@code endsAt}. */
public record Delegation(
        long id,
        String principal,
        String delegate,
        Instant startsAt,
        Instant endsAt,
        String reason,
        Optional<Instant> revokedAt) {
    public Delegation {
        requireNonNull(principal, "principal");
        requireNonNull(delegate, "delegate");
        requireNonNull(startsAt, "startsAt");
        requireNonNull(endsAt, "endsAt");
        requireNonNull(reason, "reason");
        requireNonNull(revokedAt, "revokedAt");
    }

    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && !now.isBefore(startsAt) && now.isBefore(endsAt);
    }
}
