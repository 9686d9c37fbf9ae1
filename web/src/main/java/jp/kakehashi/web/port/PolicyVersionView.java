package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One proposed policy version and what became of it.
 *
 * @param state PROPOSED (確認待ち), CONFIRMED, ACTIVE (適用中), SUPERSEDED or REFUSED (適用できず)
 * @param detail why the appliance refused it, when it did
 * @param changes a unified diff from the text in force to this one (3 lines of context)
 */
public record PolicyVersionView(
        long id,
        String source,
        String text,
        String sha256,
        String reason,
        String proposedBy,
        Instant proposedAt,
        Optional<String> confirmedBy,
        Optional<Instant> confirmedAt,
        Optional<Instant> activatedAt,
        String state,
        String detail,
        List<String> changes) {
    public PolicyVersionView {
        requireNonNull(source, "source");
        requireNonNull(text, "text");
        requireNonNull(sha256, "sha256");
        requireNonNull(reason, "reason");
        requireNonNull(proposedBy, "proposedBy");
        requireNonNull(proposedAt, "proposedAt");
        requireNonNull(confirmedBy, "confirmedBy");
        requireNonNull(confirmedAt, "confirmedAt");
        requireNonNull(activatedAt, "activatedAt");
        requireNonNull(state, "state");
        requireNonNull(detail, "detail");
        changes = List.copyOf(changes);
    }

    public boolean awaitsConfirmation() {
        return state.equals("PROPOSED");
    }
}
