package jp.kakehashi.web.port;

import java.util.List;

/**
 * The records an audit query found.
 *
 * @param records newest first
 * @param scanned how many records the trail holds in all
 * @param more true when more records matched than the limit allowed
 */
public record AuditPage(List<AuditEntry> records, long scanned, boolean more) {
    public AuditPage {
        records = List.copyOf(records);
    }
}
