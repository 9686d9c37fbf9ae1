package jp.kakehashi.appliance.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.originals.OriginalOutcome;
import jp.kakehashi.appliance.originals.OriginalRequest;
import jp.kakehashi.appliance.originals.OriginalState;
import jp.kakehashi.appliance.originals.OriginalStore;
import jp.kakehashi.appliance.store.Tx;
import org.jspecify.annotations.Nullable;

/** {@link OriginalStore} over the {@code original_requests} table. */
public final class JdbcOriginalStore implements OriginalStore {
    @Override
    public OriginalRequest insert(Tx tx, NewRequest r) {
        long id = Sql.insert(
                        tx,
                        "INSERT INTO original_requests (item, requester, reason, state, available_for, requested_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        r.item(),
                        r.requester(),
                        r.reason(),
                        OriginalState.REQUESTED.name(),
                        r.availableFor().toSeconds(),
                        r.at())
                .orElseThrow();
        return request(tx, id).orElseThrow();
    }

    @Override
    public Optional<OriginalRequest> request(Tx tx, long id) {
        return Sql.one(tx, "SELECT * FROM original_requests WHERE id = ?", JdbcOriginalStore::request, id);
    }

    @Override
    public List<OriginalRequest> inState(Tx tx, OriginalState state) {
        return Sql.list(
                tx,
                "SELECT * FROM original_requests WHERE state = ? ORDER BY id",
                JdbcOriginalStore::request,
                state.name());
    }

    @Override
    public List<OriginalRequest> byRequester(Tx tx, String requester) {
        return Sql.list(
                tx,
                "SELECT * FROM original_requests WHERE requester = ? ORDER BY id",
                JdbcOriginalStore::request,
                requester);
    }

    @Override
    public List<OriginalRequest> all(Tx tx) {
        return Sql.list(tx, "SELECT * FROM original_requests ORDER BY id", JdbcOriginalStore::request);
    }

    @Override
    public boolean approve(Tx tx, long id) {
        return Sql.update(
                        tx, "UPDATE original_requests SET state = 'APPROVED' WHERE id = ? AND state = 'REQUESTED'", id)
                == 1;
    }

    @Override
    public boolean release(Tx tx, long id, Instant at, Instant until) {
        return Sql.update(
                        tx,
                        "UPDATE original_requests SET state = 'RELEASED', released_at = ?, available_until = ?"
                                + " WHERE id = ? AND state = 'APPROVED'",
                        at,
                        until,
                        id)
                == 1;
    }

    @Override
    public boolean end(
            Tx tx, long id, OriginalState from, OriginalState to, OriginalOutcome outcome, String detail, Instant at) {
        return Sql.update(
                        tx,
                        "UPDATE original_requests SET state = ?, ended_at = ?, outcome = ?, outcome_detail = ?"
                                + " WHERE id = ? AND state = ?",
                        to.name(),
                        at,
                        outcome.name(),
                        detail,
                        id,
                        from.name())
                == 1;
    }

    private static OriginalRequest request(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        String detail = rs.getString("outcome_detail");
        return new OriginalRequest(
                rs.getLong("id"),
                rs.getString("item"),
                rs.getString("requester"),
                rs.getString("reason"),
                OriginalState.valueOf(rs.getString("state")),
                Duration.ofSeconds(rs.getLong("available_for")),
                Instant.parse(rs.getString("requested_at")),
                instant(rs.getString("released_at")),
                instant(rs.getString("available_until")),
                instant(rs.getString("ended_at")),
                outcome == null ? Optional.empty() : Optional.of(OriginalOutcome.valueOf(outcome)),
                detail == null ? "" : detail);
    }

    private static Optional<Instant> instant(@Nullable String text) {
        return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    }
}
