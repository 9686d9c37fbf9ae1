package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One request for an original.
 *
 * @param available whether its requester may download it now
 * @param outcomeJa why it ended, once it has (empty otherwise)
 */
public record OriginalView(
        long id,
        String itemId,
        String name,
        String requester,
        String reason,
        String stateJa,
        String stateEn,
        boolean available,
        Instant requestedAt,
        Optional<Instant> availableUntil,
        String outcomeJa,
        String outcomeEn) {
    public OriginalView {
        requireNonNull(itemId, "itemId");
        requireNonNull(name, "name");
        requireNonNull(requester, "requester");
        requireNonNull(reason, "reason");
        requireNonNull(stateJa, "stateJa");
        requireNonNull(stateEn, "stateEn");
        requireNonNull(requestedAt, "requestedAt");
        requireNonNull(availableUntil, "availableUntil");
        requireNonNull(outcomeJa, "outcomeJa");
        requireNonNull(outcomeEn, "outcomeEn");
    }
}
