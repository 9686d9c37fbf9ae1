package jp.kakehashi.appliance.jdbc;

import java.time.Instant;
import java.util.List;
import jp.kakehashi.appliance.quarantine.QuarantineRelease;
import jp.kakehashi.appliance.quarantine.QuarantineStore;
import jp.kakehashi.appliance.store.Tx;

/** {@link QuarantineStore} over the {@code quarantine_releases} table. */
public final class JdbcQuarantineStore implements QuarantineStore {
    @Override
    public QuarantineRelease insert(Tx tx, NewRelease r) {
        long id = Sql.insert(
                        tx,
                        "INSERT INTO quarantine_releases (item, officer, reason, released_at, expires_at)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        r.item(),
                        r.officer(),
                        r.reason(),
                        r.at(),
                        r.until())
                .orElseThrow();
        return new QuarantineRelease(id, r.item(), r.officer(), r.reason(), r.at(), r.until());
    }

    @Override
    public List<QuarantineRelease> releases(Tx tx, String item) {
        return Sql.list(
                tx,
                "SELECT * FROM quarantine_releases WHERE item = ? ORDER BY released_at, id",
                rs -> new QuarantineRelease(
                        rs.getLong("id"),
                        rs.getString("item"),
                        rs.getString("officer"),
                        rs.getString("reason"),
                        Instant.parse(rs.getString("released_at")),
                        Instant.parse(rs.getString("expires_at"))),
                item);
    }
}
