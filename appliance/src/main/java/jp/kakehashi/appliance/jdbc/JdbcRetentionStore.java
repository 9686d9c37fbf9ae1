package jp.kakehashi.appliance.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.retention.RetentionStore;
import jp.kakehashi.appliance.store.Tx;
import org.jspecify.annotations.Nullable;

/** {@link RetentionStore} over the {@code items} table's retention columns. */
public final class JdbcRetentionStore implements RetentionStore {
    private static final String KEPT =
            "SELECT id, state, created_at, published_at, original_blob, rendition_blob, sha256, rendition_sha256,"
                    + " retain_originals, retain_published, rendition_purged_at FROM items WHERE ";

    @Override
    public List<Kept> published(Tx tx) {
        return Sql.list(
                tx,
                KEPT + "state = 'PUBLISHED' AND published_at IS NOT NULL ORDER BY created_at, id",
                JdbcRetentionStore::kept);
    }

    @Override
    public List<Kept> withdrawnWithRendition(Tx tx) {
        return Sql.list(
                tx,
                KEPT + "state = 'EXPIRED' AND rendition_purged_at IS NULL ORDER BY created_at, id",
                JdbcRetentionStore::kept);
    }

    @Override
    public List<Kept> finishedWithOriginal(Tx tx) {
        return Sql.list(
                tx,
                KEPT + "state IN ('PUBLISHED', 'EXPIRED', 'BLOCKED', 'QUARANTINED', 'REJECTED')"
                        + " AND original_purged_at IS NULL ORDER BY created_at, id",
                JdbcRetentionStore::kept);
    }

    @Override
    public boolean claimOriginal(Tx tx, String id, Instant at) {
        return Sql.update(
                        tx,
                        "UPDATE items SET original_erasing_at = COALESCE(original_erasing_at, ?)"
                                + " WHERE id = ? AND original_purged_at IS NULL",
                        at,
                        id)
                == 1;
    }

    @Override
    public boolean renditionErased(Tx tx, String id, Instant at) {
        return Sql.update(
                        tx,
                        "UPDATE items SET rendition_purged_at = ? WHERE id = ? AND rendition_purged_at IS NULL",
                        at,
                        id)
                == 1;
    }

    @Override
    public boolean originalErased(Tx tx, String id, Instant at) {
        return Sql.update(
                        tx,
                        "UPDATE items SET original_purged_at = ? WHERE id = ? AND original_purged_at IS NULL",
                        at,
                        id)
                == 1;
    }

    private static Kept kept(ResultSet rs) throws SQLException {
        return new Kept(
                rs.getString("id"),
                ItemState.valueOf(rs.getString("state")),
                Instant.parse(rs.getString("created_at")),
                Optional.ofNullable(rs.getString("published_at")).map(Instant::parse),
                rs.getString("original_blob"),
                text(rs.getString("rendition_blob")),
                rs.getString("sha256"),
                text(rs.getString("rendition_sha256")),
                seconds(rs, "retain_originals"),
                seconds(rs, "retain_published"),
                rs.getString("rendition_purged_at") != null);
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static Optional<Duration> seconds(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(value));
    }
}
