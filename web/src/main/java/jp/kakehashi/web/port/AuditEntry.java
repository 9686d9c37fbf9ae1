package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One record of the audit trail, as written: its place in the chain and what it says.
 *
 * @param data the record's details, sorted by key
 */
public record AuditEntry(
        long seq, OffsetDateTime time, String type, String actor, String zone, String item, Map<String, String> data) {
    public AuditEntry {
        requireNonNull(time, "time");
        requireNonNull(type, "type");
        requireNonNull(actor, "actor");
        requireNonNull(zone, "zone");
        requireNonNull(item, "item");
        data = Collections.unmodifiableSortedMap(new TreeMap<>(data));
    }
}
