package jp.kakehashi.appliance.notify;

import java.time.Instant;
import java.util.List;
import jp.kakehashi.appliance.store.Tx;

/** Where notices wait for the mail relay: the port {@link Mailer} works through. */
public interface MailStore {
    /** A notice not yet handed over, and how often handing it over failed. */
    record Queued(long id, Notice notice, int attempts) {}

    void enqueue(Tx tx, Notice notice, Instant at);

    /** Notices due at {@code now}, oldest first. */
    List<Queued> due(Tx tx, Instant now, int limit);

    void sent(Tx tx, long id, Instant at);

    /** Records a failed attempt; the notice is tried again at {@code next}. */
    void failed(Tx tx, long id, int attempts, String error, Instant next);

    /** Gives a notice up after its last attempt: it stays for the record, never tried again. */
    void abandoned(Tx tx, long id, String error, Instant at);

    /** How many notices wait. */
    int waiting(Tx tx);
}
