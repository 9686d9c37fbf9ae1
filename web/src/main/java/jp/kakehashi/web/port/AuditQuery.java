package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Which audit records an officer asks for. Empty text matches everything; text matches when it
 * is equal (type, zone, decision) or contained (actor, item, rule).
 *
 * @param actor who acted (an account name, {@code system})
 * @param type the kind of record ({@code ITEM_BLOCKED} ...)
 * @param item a transfer item's id
 * @param zone where it happened ({@code internet}, {@code lgwan}, {@code mynumber})
 * @param decision the policy's decision ({@code allow}, {@code block}, {@code approve} ...)
 * @param rule a policy rule id
 * @param words the search box's grammar over every field of a record ({@code 見積 NOT partner:acme}); empty for none
 * @param from the first day (JST), inclusive
 * @param to the last day (JST), inclusive
 */
public record AuditQuery(
        String actor,
        String type,
        String item,
        String zone,
        String decision,
        String rule,
        String words,
        Optional<LocalDate> from,
        Optional<LocalDate> to,
        int limit) {
    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        requireNonNull(actor, "actor");
        requireNonNull(type, "type");
        requireNonNull(item, "item");
        requireNonNull(zone, "zone");
        requireNonNull(decision, "decision");
        requireNonNull(rule, "rule");
        requireNonNull(words, "words");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }
}
