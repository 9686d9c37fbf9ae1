package jp.kakehashi.appliance.jdbc;

import java.time.Instant;
import java.util.List;
import jp.kakehashi.appliance.notify.MailStore;
import jp.kakehashi.appliance.notify.Notice;
import jp.kakehashi.appliance.store.Tx;

/** {@link MailStore} over the {@code mail_outbox} table. */
public final class JdbcMailStore implements MailStore {
    private static final String WAITING = "sent_at IS NULL AND failed_at IS NULL";

    @Override
    public void enqueue(Tx tx, Notice notice, Instant at, boolean digest) {
        Sql.update(
                tx,
                "INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at, digest)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                notice.recipient(),
                notice.subject(),
                notice.body(),
                at,
                at,
                digest ? 1 : 0);
    }

    @Override
    public List<Queued> digests(Tx tx) {
        return Sql.list(
                tx,
                "SELECT id, recipient, subject, body, attempts FROM mail_outbox WHERE " + WAITING
                        + " AND digest = 1 ORDER BY id",
                rs -> new Queued(
                        rs.getLong(1), new Notice(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getInt(5)));
    }

    @Override
    public List<Queued> due(Tx tx, Instant now, int limit) {
        return Sql.list(
                tx,
                "SELECT id, recipient, subject, body, attempts FROM mail_outbox WHERE " + WAITING
                        + " AND digest = 0 AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                rs -> new Queued(
                        rs.getLong(1), new Notice(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getInt(5)),
                now,
                limit);
    }

    @Override
    public void sent(Tx tx, long id, Instant at) {
        Sql.update(tx, "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ?", at, id);
    }

    @Override
    public void failed(Tx tx, long id, int attempts, String error, Instant next) {
        Sql.update(
                tx,
                "UPDATE mail_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                attempts,
                error,
                next,
                id);
    }

    @Override
    public void abandoned(Tx tx, long id, String error, Instant at) {
        Sql.update(
                tx,
                "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, failed_at = ? WHERE id = ?",
                error,
                at,
                id);
    }

    @Override
    public int waiting(Tx tx) {
        return Sql.one(tx, "SELECT COUNT(*) FROM mail_outbox WHERE " + WAITING, rs -> rs.getInt(1))
                .orElse(0);
    }
}
