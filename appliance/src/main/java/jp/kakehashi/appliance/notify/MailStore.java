package jp.kakehashi.appliance.notify;

import java.time.Instant;
import java.util.List;
import jp.kakehashi.appliance.store.Tx;

/** Where notices wait for the mail relay: the port {@link Mailer} works through. */
public interface MailStore {
    /** A notice not yet handed over, and how often handing it over failed. */
    record Queued(long id, Notice notice, int attempts) {}

    /** Queues a notice; one for the daily digest waits for {@link #digests} instead of being due. */
    void enqueue(Tx tx, Notice notice, Instant at, boolean digest);

    /** Notices due at {@code now}, oldest first; never one waiting for a digest. */
    List<Queued> due(Tx tx, Instant now, int limit);

    /** Every notice waiting for the daily digest, oldest first. */
    List<Queued> digests(Tx tx);

    void sent(Tx tx, long id, Instant at);

    /** Records a failed attempt; the notice is tried again at {@code next}. */
    void failed(Tx tx, long id, int attempts, String error, Instant next);

    /** Gives a notice up after its last attempt: it stays for the record, never tried again. */
    void abandoned(Tx tx, long id, String error, Instant at);

    /** How many notices wait. */
    int waiting(Tx tx);
}
