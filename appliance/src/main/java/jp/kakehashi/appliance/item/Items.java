package jp.kakehashi.appliance.item;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.JdbcTx;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Retention;

/**
 * Transfer items in the metadata store. State changes are compare-and-set, so a step applies once.
 *
 * <p>Long because every query on the items table is here, the one place their SQL lives (the
 * item store port of issue 24 will have this class as its SQLite adapter).
 */
public final class Items {
    /** Columns a step may set besides the state; anything else is a programming error. */
    private static final Set<String> COLUMNS = Set.of(
            "detected_type",
            "type_mismatch",
            "rendition_blob",
            "rendition_name",
            "rendition_type",
            "rendition_size",
            "rendition_sha256",
            "removals",
            "reason_code",
            "reason_detail",
            "rules",
            "disarm_plan",
            "published_at");

    /**
     * Items with a step the pipeline can take: not final, and not waiting for people. An item
     * awaiting approval becomes ready when every request for its release is approved (requests
     * for its original, 原本取り出し, do not hold it).
     */
    private static final String READY =
            "(state NOT IN ('PUBLISHED', 'BLOCKED', 'QUARANTINED', 'REJECTED', 'EXPIRED', 'AWAITING_APPROVAL')"
                    + " OR (state = 'AWAITING_APPROVAL'"
                    + " AND EXISTS (SELECT 1 FROM approval_requests r WHERE r.item = items.id"
                    + " AND r.original_request IS NULL)"
                    + " AND NOT EXISTS (SELECT 1 FROM approval_requests r WHERE r.item = items.id"
                    + " AND r.original_request IS NULL AND r.state <> 'APPROVED')))";

    private final Database db;
    private final Clock clock;

    public Items(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records a file whose bytes are durably stored, in state RECEIVED. */
    public TransferItem insertReceived(
            String id, Flow flow, String sender, String organisation, String name, StoredBlob blob) {
        db.transaction(c -> {
            insert(c, id, flow, sender, organisation, name, blob, Optional.empty());
            return Boolean.TRUE;
        });
        return find(id).orElseThrow();
    }

    /**
     * Records, inside the caller's transaction, a file received as a version in shared folder
     * {@code folder}, so that the item and its version exist together or not at all.
     */
    public TransferItem insertReceivedIn(
            Tx tx,
            String id,
            Flow flow,
            String sender,
            String organisation,
            String name,
            StoredBlob blob,
            long folder) {
        return JdbcTx.call(tx, c -> {
            insert(c, id, flow, sender, organisation, name, blob, Optional.of(folder));
            return findIn(c, id).orElseThrow();
        });
    }

    private void insert(
            Connection c,
            String id,
            Flow flow,
            String sender,
            String organisation,
            String name,
            StoredBlob blob,
            Optional<Long> folder)
            throws SQLException {
        String now = Instant.now(clock).toString();
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO items (id, flow, sender, organisation, name, size, sha256, original_blob, state, next_attempt_at, created_at, updated_at, folder)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, flow.toString());
            s.setString(3, sender);
            s.setString(4, organisation);
            s.setString(5, name);
            s.setLong(6, blob.size());
            s.setString(7, blob.sha256());
            s.setString(8, blob.id().value());
            s.setString(9, ItemState.RECEIVED.name());
            s.setString(10, now);
            s.setString(11, now);
            s.setString(12, now);
            if (folder.isPresent()) {
                s.setLong(13, folder.get());
            } else {
                s.setNull(13, java.sql.Types.INTEGER);
            }
            s.executeUpdate();
        }
    }

    public Optional<TransferItem> find(String id) {
        return db.read(c -> findIn(c, id));
    }

    /** A stored copy (original or rendition) of an item, and whether retention already claimed it for erasure. */
    public record StoredCopy(String blob, boolean erasing) {}

    /**
     * Every blob the data in {@code c} still needs: each item's original and rendition, unless
     * retention erased that copy. An original claimed for erasure may be gone at any moment.
     */
    public static List<StoredCopy> storedCopies(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT original_blob, original_erasing_at IS NOT NULL"
                + " FROM items WHERE original_purged_at IS NULL AND original_blob <> ''"
                + " UNION ALL SELECT rendition_blob, 0 FROM items"
                + " WHERE rendition_purged_at IS NULL AND rendition_blob IS NOT NULL AND rendition_blob <> ''")) {
            return Database.rows(s, rs -> new StoredCopy(rs.getString(1), rs.getBoolean(2)));
        }
    }

    /**
     * Whether an item was published, whether retention has erased its original (as for an unknown
     * item), and whether retention has claimed it for erasure (it may be gone at any moment).
     */
    public record Copies(boolean published, boolean originalErased, boolean originalClaimed) {}

    /** An item's {@link Copies}, inside the caller's unit of work. */
    public static Copies copiesIn(Tx tx, String id) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT published_at, original_purged_at, original_erasing_at" + " FROM items WHERE id = ?")) {
                s.setString(1, id);
                ResultSet rs = s.executeQuery();
                if (!rs.next()) {
                    return new Copies(false, true, true);
                }
                return new Copies(rs.getString(1) != null, rs.getString(2) != null, rs.getString(3) != null);
            }
        });
    }

    /** {@link #find} inside the caller's transaction. */
    public static Optional<TransferItem> findIn(Tx tx, String id) {
        return JdbcTx.call(tx, c -> findIn(c, id));
    }

    /** {@link #find} inside the caller's transaction. */
    public static Optional<TransferItem> findIn(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM items WHERE id = ?")) {
            s.setString(1, id);
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(read(rs)) : Optional.<TransferItem>empty();
        }
    }

    /**
     * Moves an item from {@code from} to {@code to}, setting {@code fields}, only if it is still
     * in {@code from}. Returns false when another step already moved it.
     */
    public boolean advance(String id, ItemState from, ItemState to, Map<String, ?> fields) {
        return db.transaction(c -> advanceIn(c, id, from, to, fields));
    }

    /** {@link #advance} inside the caller's unit of work with what the step learnt, so both commit together. */
    public boolean advanceIn(Tx tx, String id, ItemState from, ItemState to, StepFacts facts) {
        return JdbcTx.call(tx, c -> advanceIn(c, id, from, to, facts.columns()));
    }

    /** {@link #advance} inside the caller's transaction with what the step learnt, so both commit together. */
    public boolean advanceIn(Connection c, String id, ItemState from, ItemState to, StepFacts facts)
            throws SQLException {
        return advanceIn(c, id, from, to, facts.columns());
    }

    /** {@link #advance} inside the caller's transaction, so the move commits with what caused it. */
    public boolean advanceIn(Connection c, String id, ItemState from, ItemState to, Map<String, ?> fields)
            throws SQLException {
        StringBuilder sql =
                new StringBuilder("UPDATE items SET state = ?, attempts = 0, retry_reason = NULL, updated_at = ?");
        List<String> keys = new ArrayList<>(fields.keySet());
        for (String key : keys) {
            if (!COLUMNS.contains(key)) {
                throw new IllegalArgumentException("not an item column: " + key);
            }
            sql.append(", ").append(key).append(" = ?");
        }
        sql.append(" WHERE id = ? AND state = ?");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, to.name());
            s.setString(i++, Instant.now(clock).toString());
            for (String key : keys) {
                s.setObject(i++, fields.get(key));
            }
            s.setString(i++, id);
            s.setString(i, from.name());
            return s.executeUpdate() == 1;
        }
    }

    /** Holds an item (保留) without changing its state: its next step is tried at {@code retrying.next()}. */
    public void defer(String id, int attempts, Retrying retrying) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE items SET attempts = ?, next_attempt_at = ?, retry_reason = ? WHERE id = ?")) {
                s.setInt(1, attempts);
                s.setString(2, retrying.next().toString());
                s.setString(3, retrying.reason().name());
                s.setString(4, id);
                s.executeUpdate();
            }
            return Boolean.TRUE;
        });
    }

    /** Ready items whose next step is due, oldest first. */
    public List<String> due(int limit) {
        String now = Instant.now(clock).toString();
        return db.transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM items WHERE " + READY
                    + " AND next_attempt_at <= ?" + " ORDER BY created_at LIMIT ?")) {
                s.setString(1, now);
                s.setInt(2, limit);
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /** How many items the pipeline still has a step for (not counting those waiting for approvers). */
    public int unfinished() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM items WHERE " + READY)) {
                ResultSet rs = s.executeQuery();
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * How many files the pipeline will take before this one (0: it is being worked on next), or
     * empty when it is not waiting for the pipeline.
     */
    public Optional<Integer> queuePosition(String id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT (SELECT COUNT(*) FROM items WHERE " + READY
                    + " AND (created_at < t.created_at OR (created_at = t.created_at AND id < t.id)))"
                    + " FROM items t WHERE t.id = ? AND t.id IN (SELECT id FROM items WHERE " + READY + ")")) {
                s.setString(1, id);
                ResultSet rs = s.executeQuery();
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.<Integer>empty();
            }
        });
    }

    /** Records that a recipient downloaded a delivered file, for its sender to see. */
    public void recordDownload(String id, String account, String protocol) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO item_downloads (item, account, protocol, at) VALUES (?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, account);
                s.setString(3, protocol);
                s.setString(4, Instant.now(clock).toString());
                s.executeUpdate();
            }
            return Boolean.TRUE;
        });
    }

    /** When a recipient first downloaded the file, if anyone has. */
    public Optional<Instant> firstDownload(String id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT MIN(at) FROM item_downloads WHERE item = ?")) {
                s.setString(1, id);
                ResultSet rs = s.executeQuery();
                String at = rs.next() ? rs.getString(1) : null;
                return at == null ? Optional.<Instant>empty() : Optional.of(Instant.parse(at));
            }
        });
    }

    /** Published items of a flow, optionally for one organisation, oldest first; never a folder's. */
    public List<TransferItem> published(Flow flow, Optional<String> organisation) {
        return db.read(c -> query(
                c,
                "SELECT * FROM items WHERE state = 'PUBLISHED' AND folder IS NULL AND flow = ?"
                        + (organisation.isPresent() ? " AND organisation = ?" : "") + " ORDER BY updated_at, id",
                organisation.isPresent() ? List.of(flow.toString(), organisation.get()) : List.of(flow.toString())));
    }

    /**
     * Files of a flow (optionally for one organisation) held because they are encrypted and not
     * yet opened with a password: their recipients may open them (PPAP), newest first. Folder
     * versions are not offered: an opened copy would be a new item outside the folder.
     */
    public List<TransferItem> heldEncrypted(Flow flow, Optional<String> organisation) {
        return db.read(c -> query(
                c,
                "SELECT * FROM items WHERE state IN ('QUARANTINED', 'BLOCKED') AND reason_code = 'ENCRYPTED_CONTENT'"
                        + " AND folder IS NULL AND flow = ?" + (organisation.isPresent() ? " AND organisation = ?" : "")
                        + " AND id NOT IN (SELECT item FROM unlock_attempts WHERE outcome = 'UNLOCKED')"
                        + " ORDER BY created_at DESC, id",
                organisation.isPresent() ? List.of(flow.toString(), organisation.get()) : List.of(flow.toString())));
    }

    /**
     * The last version of this item's file: the newest other item of the same name published on
     * the same flow for the same organisation before it, whoever sent it. For a shared-folder
     * version, the newest earlier version of the same folder file published on the same flow.
     */
    public Optional<TransferItem> previousVersion(TransferItem item) {
        if (item.inFolder()) {
            return db.read(c -> query(
                            c,
                            "SELECT i.* FROM items i JOIN file_versions v ON v.item = i.id"
                                    + " WHERE v.file IN (SELECT file FROM file_versions WHERE item = ?)"
                                    + " AND v.number < (SELECT MAX(number) FROM file_versions WHERE item = ?)"
                                    + " AND i.state = 'PUBLISHED' AND i.flow = ? AND i.id <> ?"
                                    + " ORDER BY v.number DESC LIMIT 1",
                            List.of(item.id(), item.id(), item.flow().toString(), item.id()))
                    .stream()
                    .findFirst());
        }
        return db.read(c -> query(
                        c,
                        "SELECT * FROM items WHERE state = 'PUBLISHED' AND folder IS NULL AND flow = ? AND organisation = ? AND name = ?"
                                + " AND created_at <= ? AND id <> ? ORDER BY created_at DESC, id LIMIT 1",
                        List.of(
                                item.flow().toString(),
                                item.organisation(),
                                item.name(),
                                item.createdAt().toString(),
                                item.id()))
                .stream()
                .findFirst());
    }

    /** Every item a sender submitted, newest first (their receipts). */
    public List<TransferItem> bySender(String sender) {
        return db.read(
                c -> query(c, "SELECT * FROM items WHERE sender = ? ORDER BY created_at DESC, id", List.of(sender)));
    }

    /** Items received since {@code from} on which policy decided, oldest first ({@code policy simulate}). */
    public List<TransferItem> decidedSince(Instant from) {
        return db.read(c -> query(
                c,
                "SELECT * FROM items WHERE created_at >= ? AND decision <> '' ORDER BY created_at, id",
                List.of(from.toString())));
    }

    /**
     * Records the facts a policy decision was made on, what it decided and how long the item's
     * copies are kept, before the step that acts on it; a resumed step decides again and
     * overwrites them.
     */
    public void recordDecision(String id, RecordedFacts facts, String decision, Retention retention) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE items SET facts = ?, decision = ?, retain_originals = ?, retain_published = ? WHERE id = ?")) {
                s.setString(1, facts.toJson());
                s.setString(2, decision);
                s.setLong(3, retention.originals().toSeconds());
                s.setLong(4, retention.published().toSeconds());
                s.setString(5, id);
                return s.executeUpdate();
            }
        });
    }

    /** The newest files the appliance stopped (quarantined or blocked), for the officers' review. */
    public List<TransferItem> stopped(int limit) {
        return db.read(c -> query(
                c,
                "SELECT * FROM items WHERE state IN ('QUARANTINED', 'BLOCKED') ORDER BY created_at DESC, id LIMIT "
                        + Math.max(1, limit),
                List.of()));
    }

    public List<TransferItem> all() {
        return db.read(c -> query(c, "SELECT * FROM items ORDER BY created_at, id", List.of()));
    }

    private static List<TransferItem> query(Connection c, String sql, List<String> params) throws SQLException {
        List<TransferItem> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                s.setString(i + 1, params.get(i));
            }
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                items.add(read(rs));
            }
        }
        return items;
    }

    private static TransferItem read(ResultSet rs) throws SQLException {
        return new TransferItem(
                rs.getString("id"),
                Flow.parse(rs.getString("flow")),
                rs.getString("sender"),
                rs.getString("organisation"),
                rs.getString("name"),
                rs.getLong("size"),
                rs.getString("sha256"),
                rs.getString("original_blob"),
                ItemState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                text(rs, "detected_type"),
                rs.getInt("type_mismatch") != 0,
                text(rs, "rendition_blob"),
                text(rs, "rendition_name"),
                text(rs, "rendition_type"),
                rs.getObject("rendition_size") == null ? -1 : rs.getLong("rendition_size"),
                text(rs, "rendition_sha256"),
                text(rs, "removals"),
                text(rs, "reason_code"),
                text(rs, "reason_detail"),
                text(rs, "rules"),
                text(rs, "facts"),
                text(rs, "decision"),
                Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")),
                rs.getObject("folder") == null ? Optional.empty() : Optional.of(rs.getLong("folder")),
                rs.getString("disarm_plan") == null
                        ? Optional.empty()
                        : Optional.of(DisarmPlan.parse(rs.getString("disarm_plan"))),
                rs.getString("retry_reason") == null
                        ? Optional.empty()
                        : Optional.of(new Retrying(
                                Retrying.Reason.valueOf(rs.getString("retry_reason")),
                                Instant.parse(rs.getString("next_attempt_at")))));
    }

    private static String text(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? "" : value;
    }
}
