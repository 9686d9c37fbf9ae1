package jp.kakehashi.appliance.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.JdbcTx;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.ApprovalKind;

/** {@link ApprovalStore} over the {@code approval_requests}, {@code approval_votes} and {@code delegations} tables. */
public final class JdbcApprovalStore implements ApprovalStore {
    @Override
    public Optional<Long> insertRequest(Tx tx, NewRequest r) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO approval_requests (item, seq, kind, approvers, rules, sha256, findings, state,"
                            + " requested_at, escalate_at, expires_at, original_request)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item, seq) DO NOTHING",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                s.setString(1, r.item());
                s.setInt(2, r.seq());
                s.setString(3, r.kind().word());
                s.setString(4, String.join(",", r.approvers()));
                s.setString(5, r.rules());
                s.setString(6, r.sha256());
                s.setString(7, r.findings());
                s.setString(8, ApprovalState.PENDING.name());
                s.setString(9, r.requestedAt().toString());
                s.setString(10, r.escalateAt().toString());
                s.setString(11, r.expiresAt().toString());
                s.setObject(12, r.originalRequest().orElse(null));
                if (s.executeUpdate() != 1) {
                    return Optional.<Long>empty();
                }
                return Optional.of(Keys.generated(s));
            }
        });
    }

    @Override
    public int nextSeq(Tx tx, String item) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT COALESCE(MAX(seq), -1) + 1 FROM approval_requests WHERE item = ?")) {
                s.setString(1, item);
                ResultSet rs = s.executeQuery();
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public Optional<ApprovalRequest> request(Tx tx, long id) {
        List<ApprovalRequest> found = requests(tx, "id = ?", List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<ApprovalRequest> forItem(Tx tx, String item) {
        return requests(tx, "item = ? AND original_request IS NULL", List.of(item));
    }

    @Override
    public List<ApprovalRequest> forOriginal(Tx tx, long originalRequest) {
        return requests(tx, "original_request = ?", List.of(originalRequest));
    }

    @Override
    public List<ApprovalRequest> pending(Tx tx) {
        return requests(tx, "state = 'PENDING'", List.of());
    }

    @Override
    public Optional<String> requesterOfOriginal(Tx tx, long originalRequest) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT requester FROM original_requests WHERE id = ?")) {
                s.setLong(1, originalRequest);
                ResultSet rs = s.executeQuery();
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    @Override
    public void setState(Tx tx, long request, ApprovalState state, Instant at) {
        JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE approval_requests SET state = ?, decided_at = ? WHERE id = ?")) {
                s.setString(1, state.name());
                s.setString(2, at.toString());
                s.setLong(3, request);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void markEscalated(Tx tx, long request) {
        JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE approval_requests SET escalated = 1 WHERE id = ?")) {
                s.setLong(1, request);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void insertVote(Tx tx, long request, Vote v) {
        JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO approval_votes"
                    + " (request, approver, principal, vote, comment, sha256, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, request);
                s.setString(2, v.approver());
                s.setString(3, v.principal());
                s.setString(4, v.approve() ? "approve" : "reject");
                s.setString(5, v.comment());
                s.setString(6, v.sha256());
                s.setString(7, v.at().toString());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Delegation insertDelegation(Tx tx, NewDelegation d) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO delegations (principal, delegate, starts_at, ends_at, reason) VALUES (?, ?, ?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                s.setString(1, d.principal());
                s.setString(2, d.delegate());
                s.setString(3, d.startsAt().toString());
                s.setString(4, d.endsAt().toString());
                s.setString(5, d.reason());
                s.executeUpdate();
                return new Delegation(
                        Keys.generated(s),
                        d.principal(),
                        d.delegate(),
                        d.startsAt(),
                        d.endsAt(),
                        d.reason(),
                        Optional.empty());
            }
        });
    }

    @Override
    public boolean revokeDelegation(Tx tx, long delegation, Instant at) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE delegations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                s.setString(1, at.toString());
                s.setLong(2, delegation);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Delegation> unrevokedDelegations(Tx tx, Optional<String> delegate) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM delegations WHERE revoked_at IS NULL"
                    + (delegate.isPresent() ? " AND delegate = ?" : "") + " ORDER BY id")) {
                if (delegate.isPresent()) {
                    s.setString(1, delegate.get());
                }
                return Database.rows(s, rs -> {
                    String revoked = rs.getString("revoked_at");
                    return new Delegation(
                            rs.getLong("id"),
                            rs.getString("principal"),
                            rs.getString("delegate"),
                            Instant.parse(rs.getString("starts_at")),
                            Instant.parse(rs.getString("ends_at")),
                            rs.getString("reason"),
                            revoked == null ? Optional.empty() : Optional.of(Instant.parse(revoked)));
                });
            }
        });
    }

    /** Requests matching a fixed condition of this class (never user text), with their votes. */
    private static List<ApprovalRequest> requests(Tx tx, String where, List<Object> params) {
        return JdbcTx.call(tx, c -> {
            List<ApprovalRequest> found = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT * FROM approval_requests WHERE " + where + " ORDER BY id")) {
                for (int i = 0; i < params.size(); i++) {
                    s.setObject(i + 1, params.get(i));
                }
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    long id = rs.getLong("id");
                    long originalId = rs.getLong("original_request");
                    Optional<Long> original = rs.wasNull() ? Optional.empty() : Optional.of(originalId);
                    found.add(new ApprovalRequest(
                            id,
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
                            List.of()));
                }
            }
            List<ApprovalRequest> withVotes = new ArrayList<>();
            for (ApprovalRequest r : found) {
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
                        votes(c, r.id())));
            }
            return withVotes;
        });
    }

    private static List<Vote> votes(Connection c, long request) throws SQLException {
        // rowid is the order they were cast in; PostgreSQL's adapter will need an identity column.
        try (PreparedStatement s = c.prepareStatement("SELECT approver, principal, vote, comment, sha256, at"
                + " FROM approval_votes WHERE request = ? ORDER BY rowid")) {
            s.setLong(1, request);
            return Database.rows(
                    s,
                    rs -> new Vote(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3).equals("approve"),
                            rs.getString(4),
                            rs.getString(5),
                            Instant.parse(rs.getString(6))));
        }
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
