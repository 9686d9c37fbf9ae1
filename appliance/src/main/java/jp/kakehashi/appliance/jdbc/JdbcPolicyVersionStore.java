package jp.kakehashi.appliance.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.policy.PolicyVersion;
import jp.kakehashi.appliance.policy.PolicyVersionStore;
import jp.kakehashi.appliance.store.Tx;
import org.jspecify.annotations.Nullable;

/** {@link PolicyVersionStore} over the {@code policy_versions} table. */
public final class JdbcPolicyVersionStore implements PolicyVersionStore {
    @Override
    public PolicyVersion insert(Tx tx, NewVersion v) {
        long id = Sql.insert(
                        tx,
                        "INSERT INTO policy_versions (source, text, sha256, reason, proposed_by, proposed_at, state)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        v.source(),
                        v.text(),
                        v.sha256(),
                        v.reason(),
                        v.proposedBy(),
                        v.at(),
                        PolicyVersion.State.PROPOSED.name())
                .orElseThrow();
        return version(tx, id).orElseThrow();
    }

    @Override
    public Optional<PolicyVersion> version(Tx tx, long id) {
        return Sql.one(tx, "SELECT * FROM policy_versions WHERE id = ?", JdbcPolicyVersionStore::version, id);
    }

    @Override
    public List<PolicyVersion> all(Tx tx) {
        return Sql.list(tx, "SELECT * FROM policy_versions ORDER BY id DESC", JdbcPolicyVersionStore::version);
    }

    @Override
    public Optional<PolicyVersion> newest(Tx tx, PolicyVersion.State state) {
        return Sql.one(
                tx,
                "SELECT * FROM policy_versions WHERE state = ? ORDER BY id DESC LIMIT 1",
                JdbcPolicyVersionStore::version,
                state.name());
    }

    @Override
    public void confirm(Tx tx, long id, String by, Instant at) {
        Sql.update(
                tx,
                "UPDATE policy_versions SET state = ?, confirmed_by = ?, confirmed_at = ? WHERE id = ?",
                PolicyVersion.State.CONFIRMED.name(),
                by,
                at,
                id);
    }

    @Override
    public void refuse(Tx tx, long id, String error) {
        Sql.update(
                tx,
                "UPDATE policy_versions SET state = ?, detail = ? WHERE id = ?",
                PolicyVersion.State.REFUSED.name(),
                error,
                id);
    }

    @Override
    public void activate(Tx tx, long id, Instant at) {
        Sql.update(
                tx,
                "UPDATE policy_versions SET state = 'SUPERSEDED' WHERE state = 'ACTIVE' OR (state = 'CONFIRMED' AND id < ?)",
                id);
        Sql.update(tx, "UPDATE policy_versions SET state = 'ACTIVE', activated_at = ? WHERE id = ?", at, id);
    }

    private static PolicyVersion version(ResultSet rs) throws SQLException {
        return new PolicyVersion(
                rs.getLong("id"),
                rs.getString("source"),
                rs.getString("text"),
                rs.getString("sha256"),
                rs.getString("reason"),
                rs.getString("proposed_by"),
                Instant.parse(rs.getString("proposed_at")),
                Optional.ofNullable(rs.getString("confirmed_by")),
                instant(rs.getString("confirmed_at")),
                instant(rs.getString("activated_at")),
                PolicyVersion.State.valueOf(rs.getString("state")),
                rs.getString("detail"));
    }

    private static Optional<Instant> instant(@Nullable String value) {
        return value == null ? Optional.empty() : Optional.of(Instant.parse(value));
    }
}
