package jp.kakehashi.appliance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import jp.kakehashi.appliance.store.Database;

/** The audit records a component queued in the store's outbox (no appliance runs to append them). */
public final class QueuedAudit {
    private QueuedAudit() {}

    /** Their types, in the order they were queued. */
    public static List<String> types(Database db) {
        List<String> types = new ArrayList<>();
        for (String event : events(db)) {
            int start = event.indexOf("\"type\":\"") + 8;
            types.add(event.substring(start, event.indexOf('"', start)));
        }
        return types;
    }

    /** The records as queued (JSON), in the order they were queued. */
    public static List<String> events(Database db) {
        return db.transaction(c -> {
            List<String> events = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT event FROM audit_outbox ORDER BY id")) {
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    events.add(rs.getString(1));
                }
            }
            return events;
        });
    }
}
