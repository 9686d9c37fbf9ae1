package jp.kakehashi.appliance.originals;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One request for an original, as stored.
 *
 * @param item the item whose original is asked for
 * @param requester the one person it is released to
 * @param reason why they need it, in their words (shown to the approvers, kept in the audit log)
 * @param availableFor how long it stays out once released (the policy's, when asked)
 * @param availableUntil when a released original is withdrawn
 * @param outcome why it ended, once it has
 */
public record OriginalRequest(
        long id,
        String item,
        String requester,
        String reason,
        OriginalState state,
        Duration availableFor,
        Instant requestedAt,
        Optional<Instant> releasedAt,
        Optional<Instant> availableUntil,
        Optional<Instant> endedAt,
        Optional<OriginalOutcome> outcome,
        String outcomeDetail) {
    public OriginalRequest {
        requireNonNull(item, "item");
        requireNonNull(requester, "requester");
        requireNonNull(reason, "reason");
        requireNonNull(state, "state");
        requireNonNull(availableFor, "availableFor");
        requireNonNull(requestedAt, "requestedAt");
        requireNonNull(releasedAt, "releasedAt");
        requireNonNull(availableUntil, "availableUntil");
        requireNonNull(endedAt, "endedAt");
        requireNonNull(outcome, "outcome");
        requireNonNull(outcomeDetail, "outcomeDetail");
    }

    /** Whether {@code account} may download it at {@code now}. */
    public boolean availableTo(String account, Instant now) {
        return state == OriginalState.RELEASED
                && requester.equals(account)
                && availableUntil.map(now::isBefore).orElse(false);
    }
}
