package jp.kakehashi.appliance.retention;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.quarantine.Quarantine;
import jp.kakehashi.appliance.quarantine.QuarantineStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.JdbcTx;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.Retention;
import org.jspecify.annotations.Nullable;

/**
 * Enforces each item's retention (recorded from its decision's rules, else the policy's default):
 *
 * <ol>
 *   <li>a published rendition past {@code published} is withdrawn ({@code EXPIRED}): it leaves its
 *       recipients' folders at once, then its text leaves the index and its bytes are erased;
 *   <li>a finished item past {@code originals} (counted from receipt) has its original erased, and
 *       with it a rendition that was never published.
 * </ol>
 *
 * A shared folder's files are kept whole: the version a member sees now (on either side) is
 * passed over until a newer one replaces it, and then ages out like any other file.
 *
 * <p>An original is claimed before its bytes go, in one transaction with the check that no
 * officer's release of it is open; a claimed original cannot be released (ATTACKS F-16).
 *
 * <p>Bytes are erased before the erasure is recorded, so a crash in between repeats an idempotent
 * delete instead of leaving bytes the record says are gone. Each removal is audited in the same
 * transaction as its record.
 */
public final class RetentionJob {
    private static final String SYSTEM = "retention";

    private final Database db;
    private final Items items;
    private final BlobStore blobs;
    private final SearchIndex index;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final Predicate<String> current;
    private final QuarantineStore quarantine;

    /**
     * @param current whether an item is the version a shared folder's members see now
     * @param quarantine the officers' releases, which keep an original until their window closes
     */
    public RetentionJob(
            Database db,
            Items items,
            BlobStore blobs,
            SearchIndex index,
            Supplier<Policy> policy,
            Clock clock,
            Predicate<String> current,
            QuarantineStore quarantine) {
        this.current = requireNonNull(current, "current");
        this.quarantine = requireNonNull(quarantine, "quarantine");
        this.db = requireNonNull(db, "db");
        this.items = requireNonNull(items, "items");
        this.blobs = requireNonNull(blobs, "blobs");
        this.index = requireNonNull(index, "index");
        this.policy = requireNonNull(policy, "policy");
        this.clock = requireNonNull(clock, "clock");
    }

    /** What one {@link #sweep} removed. */
    public record Sweep(int withdrawn, int renditionsErased, int originalsErased) {}

    /** The stored facts of one item that retention needs. */
    private record Row(
            String id,
            ItemState state,
            Instant receivedAt,
            @Nullable Instant publishedAt,
            String originalBlob,
            String renditionBlob,
            String sha256,
            String renditionSha256,
            @Nullable Duration retainOriginals,
            @Nullable Duration retainPublished,
            boolean renditionErased) {}

    public Sweep sweep() {
        Instant now = Instant.now(clock);
        Retention defaults = policy.get().retention();
        int withdrawn = 0;
        int renditions = 0;
        int originals = 0;
        for (Row r : rows("state = 'PUBLISHED' AND published_at IS NOT NULL")) {
            Duration keep = r.retainPublished() == null ? defaults.published() : r.retainPublished();
            if (r.publishedAt() != null
                    && !now.isBefore(r.publishedAt().plus(keep))
                    && !current.test(r.id())
                    && withdraw(r, keep, now)) {
                withdrawn++;
            }
        }
        // Also finishes a withdrawal that a crash interrupted.
        for (Row r : rows("state = 'EXPIRED' AND rendition_purged_at IS NULL")) {
            eraseRendition(r, now);
            renditions++;
        }
        for (Row r : rows("state IN ('PUBLISHED', 'EXPIRED', 'BLOCKED', 'QUARANTINED', 'REJECTED')"
                + " AND original_purged_at IS NULL")) {
            Duration keep = r.retainOriginals() == null ? defaults.originals() : r.retainOriginals();
            if (!now.isBefore(r.receivedAt().plus(keep)) && !current.test(r.id()) && claimOriginal(r, now)) {
                if (r.state() != ItemState.PUBLISHED
                        && !r.renditionErased()
                        && !r.renditionBlob().isEmpty()) {
                    eraseRendition(r, now);
                    renditions++;
                }
                eraseOriginal(r, keep, now);
                originals++;
            }
        }
        return new Sweep(withdrawn, renditions, originals);
    }

    private boolean withdraw(Row r, Duration keep, Instant now) {
        return db.transaction(c -> {
            if (!items.advanceIn(new JdbcTx(c), r.id(), ItemState.PUBLISHED, ItemState.EXPIRED, new StepFacts.None())) {
                return false;
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("publishedAt", String.valueOf(r.publishedAt()));
            data.put("keptFor", keep.toString());
            data.put("from", ItemState.PUBLISHED.name());
            AuditOutbox.enqueue(c, new AuditEvent(AuditType.ITEM_EXPIRED, SYSTEM, "", r.id(), data));
            return true;
        });
    }

    /**
     * Claims the original for erasure, unless an officer's release of it is open: the release
     * keeps it until its download window closes. A claim left by a crash is taken again.
     */
    private boolean claimOriginal(Row r, Instant now) {
        return db.transaction(c -> {
            if (Quarantine.holdsOriginal(quarantine, new JdbcTx(c), r.id(), now)) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE items SET original_erasing_at ="
                    + " COALESCE(original_erasing_at, ?) WHERE id = ? AND original_purged_at IS NULL")) {
                s.setString(1, now.toString());
                s.setString(2, r.id());
                return s.executeUpdate() == 1;
            }
        });
    }

    private void eraseRendition(Row r, Instant now) {
        index.delete(r.id());
        delete(r.renditionBlob());
        recordErased(r, "rendition_purged_at", Map.of("copy", "rendition", "sha256", r.renditionSha256()), now);
    }

    private void eraseOriginal(Row r, Duration keep, Instant now) {
        delete(r.originalBlob());
        recordErased(
                r,
                "original_purged_at",
                Map.of("copy", "original", "sha256", r.sha256(), "keptFor", keep.toString()),
                now);
    }

    /** Records that a copy is gone (once: a repeated sweep after a crash records nothing new). */
    private void recordErased(Row r, String column, Map<String, String> audit, Instant now) {
        db.transaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE items SET " + column + " = ? WHERE id = ? AND " + column + " IS NULL")) {
                s.setString(1, now.toString());
                s.setString(2, r.id());
                if (s.executeUpdate() == 1) {
                    AuditOutbox.enqueue(c, new AuditEvent(AuditType.RETENTION_PURGED, SYSTEM, "", r.id(), audit));
                }
            }
            return Boolean.TRUE;
        });
    }

    private void delete(String blob) {
        if (blob.isEmpty()) {
            return;
        }
        try {
            blobs.delete(new BlobId(blob));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot erase blob " + blob, e);
        }
    }

    private List<Row> rows(String where) {
        return db.transaction(c -> read(c, where));
    }

    private static List<Row> read(Connection c, String where) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, state, created_at, published_at, original_blob, rendition_blob, sha256, rendition_sha256,"
                        + " retain_originals, retain_published, rendition_purged_at FROM items WHERE " + where
                        + " ORDER BY created_at, id")) {
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                String published = rs.getString("published_at");
                rows.add(new Row(
                        rs.getString("id"),
                        ItemState.valueOf(rs.getString("state")),
                        Instant.parse(rs.getString("created_at")),
                        published == null ? null : Instant.parse(published),
                        rs.getString("original_blob"),
                        text(rs.getString("rendition_blob")),
                        rs.getString("sha256"),
                        text(rs.getString("rendition_sha256")),
                        seconds(rs, "retain_originals"),
                        seconds(rs, "retain_published"),
                        rs.getString("rendition_purged_at") != null));
            }
        }
        return rows;
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static @Nullable Duration seconds(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofSeconds(value);
    }
}
