package jp.kakehashi.appliance.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.ApprovalState;
import jp.kakehashi.appliance.approval.ApprovalStore;
import jp.kakehashi.appliance.approval.Delegation;
import jp.kakehashi.appliance.approval.Vote;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.ApprovalKind;
import org.jspecify.annotations.Nullable;

/** {@link ApprovalStore} over the {@code approval_requests}, {@code approval_votes} and {@code delegations} tables. */
public final class JdbcApprovalStore implements ApprovalStore {
    @Override
    public Optional<Long> insertRequest(Tx tx, NewRequest r) {
        return Sql.insert(
                tx,
                "INSERT INTO approval_requests (item, seq, kind, approvers, rules, sha256, findings, state,"
                        + " requested_at, escalate_at, expires_at, original_request)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item, seq) DO NOTHING",
                r.item(),
                r.seq(),
                r.kind().word(),
                String.join(",", r.approvers()),
                r.rules(),
                r.sha256(),
                r.findings(),
                ApprovalState.PENDING.name(),
                r.requestedAt(),
                r.escalateAt(),
                r.expiresAt(),
                r.originalRequest());
    }

    @Override
    public int nextSeq(Tx tx, String item) {
        return Sql.one(
                        tx,
                        "SELECT COALESCE(MAX(seq), -1) + 1 FROM approval_requests WHERE item = ?",
                        rs -> rs.getInt(1),
                        item)
                .orElse(0);
    }

    @Override
    public Optional<ApprovalRequest> request(Tx tx, long id) {
        List<ApprovalRequest> found = requests(tx, "id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<ApprovalRequest> forItem(Tx tx, String item) {
        return requests(tx, "item = ? AND original_request IS NULL", item);
    }

    @Override
    public List<ApprovalRequest> forOriginal(Tx tx, long originalRequest) {
        return requests(tx, "original_request = ?", originalRequest);
    }

    @Override
    public List<ApprovalRequest> pending(Tx tx) {
        return requests(tx, "state = 'PENDING'");
    }

    @Override
    public Optional<String> requesterOfOriginal(Tx tx, long originalRequest) {
        return Sql.one(
                tx, "SELECT requester FROM original_requests WHERE id = ?", rs -> rs.getString(1), originalRequest);
    }

    @Override
    public void setState(Tx tx, long request, ApprovalState state, Instant at) {
        Sql.update(
                tx, "UPDATE approval_requests SET state = ?, decided_at = ? WHERE id = ?", state.name(), at, request);
    }

    @Override
    public List<ApprovalRequest> votedOnBy(Tx tx, String approver, int limit) {
        return requests(
                tx,
                "id IN (SELECT request FROM approval_votes WHERE approver = ? GROUP BY request"
                        + " ORDER BY MAX(at) DESC LIMIT ?)",
                approver,
                limit);
    }

    @Override
    public void markEscalated(Tx tx, long request) {
        Sql.update(tx, "UPDATE approval_requests SET escalated = 1 WHERE id = ?", request);
    }

    @Override
    public void insertVote(Tx tx, long request, Vote v) {
        Sql.update(
                tx,
                "INSERT INTO approval_votes (request, approver, principal, vote, comment, sha256, at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                request,
                v.approver(),
                v.principal(),
                v.approve() ? "approve" : "reject",
                v.comment(),
                v.sha256(),
                v.at());
    }

    @Override
    public Delegation insertDelegation(Tx tx, NewDelegation d) {
        long id = Sql.insert(
                        tx,
                        "INSERT INTO delegations (principal, delegate, starts_at, ends_at, reason) VALUES (?, ?, ?, ?, ?)",
                        d.principal(),
                        d.delegate(),
                        d.startsAt(),
                        d.endsAt(),
                        d.reason())
                .orElseThrow();
        return new Delegation(id, d.principal(), d.delegate(), d.startsAt(), d.endsAt(), d.reason(), Optional.empty());
    }

    @Override
    public boolean revokeDelegation(Tx tx, long delegation, Instant at) {
        return Sql.update(
                        tx, "UPDATE delegations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, delegation)
                == 1;
    }

    @Override
    public List<Delegation> unrevokedDelegations(Tx tx, Optional<String> delegate) {
        return delegate.isPresent()
                ? Sql.list(
                        tx,
                        "SELECT * FROM delegations WHERE revoked_at IS NULL AND delegate = ? ORDER BY id",
                        JdbcApprovalStore::delegation,
                        delegate.get())
                : Sql.list(
                        tx,
                        "SELECT * FROM delegations WHERE revoked_at IS NULL ORDER BY id",
                        JdbcApprovalStore::delegation);
    }

    @Override
    public java.util.Map<ApprovalState, Long> countsRequestedBetween(Tx tx, Instant from, Instant to) {
        java.util.Map<ApprovalState, Long> counts = new java.util.EnumMap<>(ApprovalState.class);
        Sql.list(
                        tx,
                        "SELECT state, COUNT(*) FROM approval_requests WHERE requested_at >= ? AND requested_at < ?"
                                + " GROUP BY state",
                        rs -> java.util.Map.entry(ApprovalState.valueOf(rs.getString(1)), rs.getLong(2)),
                        from,
                        to)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** Requests matching a fixed condition of this class (never user text), with their votes. */
    private static List<ApprovalRequest> requests(Tx tx, String where, @Nullable Object... params) {
        List<ApprovalRequest> withVotes = new ArrayList<>();
        for (ApprovalRequest r : Sql.list(
                tx,
                "SELECT * FROM approval_requests WHERE " + where + " ORDER BY id",
                JdbcApprovalStore::request,
                params)) {
            withVotes.add(new ApprovalRequest(
                    r.id(),
                    r.item(),
                    r.originalRequest(),
                    r.kind(),
                    r.approvers(),
                    r.rules(),
                    r.sha256(),
                    r.findings(),
                    r.state(),
                    r.escalated(),
                    r.requestedAt(),
                    r.escalateAt(),
                    r.expiresAt(),
                    votes(tx, r.id())));
        }
        return withVotes;
    }

    private static ApprovalRequest request(ResultSet rs) throws SQLException {
        long originalId = rs.getLong("original_request");
        Optional<Long> original = rs.wasNull() ? Optional.empty() : Optional.of(originalId);
        return new ApprovalRequest(
                rs.getLong("id"),
                rs.getString("item"),
                original,
                kind(rs.getString("kind")),
                Arrays.asList(rs.getString("approvers").split(",")),
                rs.getString("rules"),
                rs.getString("sha256"),
                rs.getString("findings"),
                ApprovalState.valueOf(rs.getString("state")),
                rs.getInt("escalated") != 0,
                Instant.parse(rs.getString("requested_at")),
                Instant.parse(rs.getString("escalate_at")),
                Instant.parse(rs.getString("expires_at")),
                List.of());
    }

    private static List<Vote> votes(Tx tx, long request) {
        // rowid is the order they were cast in; PostgreSQL's adapter will need an identity column.
        return Sql.list(
                tx,
                "SELECT approver, principal, vote, comment, sha256, at FROM approval_votes WHERE request = ? ORDER BY rowid",
                rs -> new Vote(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3).equals("approve"),
                        rs.getString(4),
                        rs.getString(5),
                        Instant.parse(rs.getString(6))),
                request);
    }

    private static Delegation delegation(ResultSet rs) throws SQLException {
        String revoked = rs.getString("revoked_at");
        return new Delegation(
                rs.getLong("id"),
                rs.getString("principal"),
                rs.getString("delegate"),
                Instant.parse(rs.getString("starts_at")),
                Instant.parse(rs.getString("ends_at")),
                rs.getString("reason"),
                revoked == null ? Optional.empty() : Optional.of(Instant.parse(revoked)));
    }

    private static ApprovalKind kind(String word) {
        for (ApprovalKind k : ApprovalKind.values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        throw new IllegalStateException("an approval request has an unknown kind: " + word);
    }
}
