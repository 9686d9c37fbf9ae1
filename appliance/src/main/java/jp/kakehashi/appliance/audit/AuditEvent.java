package jp.kakehashi.appliance.audit;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * One thing that happened: who did it, from which zone, to which item, with details. Empty
 * strings stand for "none" (an event without an item, a system actor).
 */
public record AuditEvent(AuditType type, String actor, String zone, String item, Map<String, String> data) {
    public AuditEvent {
        requireNonNull(type, "type");
        requireNonNull(actor, "actor");
        requireNonNull(zone, "zone");
        requireNonNull(item, "item");
        data = Map.copyOf(data);
    }

    /** Details in a stable (sorted) order, so equal events serialise equally. */
    public Map<String, String> sortedData() {
        return new TreeMap<>(data);
    }

    public static AuditEvent system(AuditType type, Map<String, String> data) {
        return new AuditEvent(type, "system", "", "", data);
    }
}
