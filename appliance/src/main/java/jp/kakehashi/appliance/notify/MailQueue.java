package jp.kakehashi.appliance.notify;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import jp.kakehashi.appliance.store.Transactions;

/**
 * Queues a mail someone asked for there and then (an invitation, a password link), beside the
 * notices derived from the audit trail; the {@link Mailer} hands both to the relay.
 */
public final class MailQueue {
    private final Transactions db;
    private final MailStore store;
    private final Clock clock;

    public MailQueue(Transactions db, MailStore store, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    public void enqueue(Notice notice) {
        db.writing(tx -> {
            store.enqueue(tx, notice, Instant.now(clock), false);
            return Boolean.TRUE;
        });
    }
}
