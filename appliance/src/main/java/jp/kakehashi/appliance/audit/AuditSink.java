package jp.kakehashi.appliance.audit;

import jp.kakehashi.appliance.store.Database;

/**
 * Where an event goes: straight into the log in the process that holds it, or into the outbox
 * from a console command beside a running appliance (only one process ever writes the chain).
 */
@FunctionalInterface
public interface AuditSink {
    void append(AuditEvent event);

    /** Each event queued in a transaction of its own, for the log's holder to append in order. */
    static AuditSink outbox(Database db) {
        return event -> db.transaction(c -> {
            AuditOutbox.enqueue(c, event);
            return true;
        });
    }
}
