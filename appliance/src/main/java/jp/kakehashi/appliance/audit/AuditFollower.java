package jp.kakehashi.appliance.audit;

import jp.kakehashi.appliance.store.Tx;

/**
 * Acts on audit events as they leave the audit outbox for the log, inside the unit of work that
 * removes them from the outbox: what it writes commits with that removal, so each event is
 * followed once, and an event recorded while the follower was away is followed when it is back.
 * Events appended to the log directly (not through the outbox) are not followed.
 */
@FunctionalInterface
public interface AuditFollower {
    AuditFollower NONE = (tx, event) -> {};

    void follow(Tx tx, AuditEvent event);
}
