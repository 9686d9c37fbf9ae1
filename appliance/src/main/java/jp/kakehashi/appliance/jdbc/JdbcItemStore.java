package jp.kakehashi.appliance.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.item.CoverNote;
import jp.kakehashi.appliance.item.DisarmPlan;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.Retrying;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Retention;
import org.jspecify.annotations.Nullable;

/**
 * {@link ItemStore} over the {@code items} and {@code item_downloads} tables. Also where a
 * step's {@link StepFacts} become columns: the core names what a step found, only this adapter
 * knows where it is kept.
 */
public final class JdbcItemStore implements ItemStore {
    /**
     * Ready items (see {@link ItemStore}): not final, and not waiting for people, unless every
     * request for the release of an item awaiting approval is approved (requests for its
     * original, 原本取り出し, do not hold it).
     */
    private static final String READY =
            "(state NOT IN ('PUBLISHED', 'BLOCKED', 'QUARANTINED', 'REJECTED', 'EXPIRED', 'AWAITING_APPROVAL')"
                    + " OR (state = 'AWAITING_APPROVAL'"
                    + " AND EXISTS (SELECT 1 FROM approval_requests r WHERE r.item = items.id"
                    + " AND r.original_request IS NULL)"
                    + " AND NOT EXISTS (SELECT 1 FROM approval_requests r WHERE r.item = items.id"
                    + " AND r.original_request IS NULL AND r.state <> 'APPROVED')))";

    @Override
    public void insert(Tx tx, NewItem i) {
        Sql.update(
                tx,
                "INSERT INTO items (id, flow, sender, organisation, department, recipient, name, size, sha256,"
                        + " original_blob, state, next_attempt_at, created_at, updated_at, folder)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                i.id(),
                i.flow().toString(),
                i.sender(),
                i.organisation(),
                i.department(),
                i.recipient(),
                i.name(),
                i.blob().size(),
                i.blob().sha256(),
                i.blob().id().value(),
                ItemState.RECEIVED.name(),
                i.at(),
                i.at(),
                i.at(),
                i.folder());
    }

    @Override
    public void putNote(Tx tx, String id, CoverNote note) {
        Sql.update(
                tx,
                "INSERT INTO item_notes (item, subject, message) VALUES (?, ?, ?)"
                        + " ON CONFLICT (item) DO UPDATE SET subject = excluded.subject, message = excluded.message",
                id,
                note.subject(),
                note.message());
    }

    @Override
    public Optional<CoverNote> note(Tx tx, String id) {
        return Sql.one(
                tx,
                "SELECT subject, message FROM item_notes WHERE item = ?",
                rs -> new CoverNote(rs.getString(1), rs.getString(2)),
                id);
    }

    @Override
    public Optional<TransferItem> find(Tx tx, String id) {
        return Sql.one(tx, "SELECT * FROM items WHERE id = ?", JdbcItemStore::read, id);
    }

    @Override
    public Copies copies(Tx tx, String id) {
        return Sql.one(
                        tx,
                        "SELECT published_at, original_purged_at, original_erasing_at FROM items WHERE id = ?",
                        rs -> new Copies(rs.getString(1) != null, rs.getString(2) != null, rs.getString(3) != null),
                        id)
                .orElse(new Copies(false, true, true));
    }

    @Override
    public boolean advance(Tx tx, String id, ItemState from, ItemState to, StepFacts facts, Instant at) {
        Map<String, @Nullable Object> columns = columns(facts);
        StringBuilder sql =
                new StringBuilder("UPDATE items SET state = ?, attempts = 0, retry_reason = NULL, updated_at = ?");
        List<@Nullable Object> params = new ArrayList<>(List.of(to.name(), at));
        columns.forEach((column, value) -> {
            sql.append(", ").append(column).append(" = ?");
            params.add(value);
        });
        sql.append(" WHERE id = ? AND state = ?");
        params.add(id);
        params.add(from.name());
        return Sql.update(tx, sql.toString(), params.toArray()) == 1;
    }

    /** Where each kind of fact is kept; the column names are constants of this class, never input. */
    private static Map<String, @Nullable Object> columns(StepFacts facts) {
        Map<String, @Nullable Object> c = new LinkedHashMap<>();
        switch (facts) {
            case StepFacts.None n -> {}
            case StepFacts.Detected d -> {
                c.put("detected_type", d.mediaType());
                c.put("type_mismatch", d.mismatch() ? 1 : 0);
            }
            case StepFacts.Checked k -> {
                c.put("rules", k.rules());
                c.put("disarm_plan", k.plan().toJson());
            }
            case StepFacts.Rendition r -> {
                c.put("rendition_blob", r.blob().id().value());
                c.put("rendition_name", r.name());
                c.put("rendition_type", r.mediaType());
                c.put("rendition_size", r.blob().size());
                c.put("rendition_sha256", r.blob().sha256());
                c.put("removals", r.removalsJson());
            }
            case StepFacts.Awaiting a -> c.put("rules", a.rules());
            case StepFacts.Stopped s -> {
                c.put("reason_code", s.code());
                c.put("reason_detail", s.detail());
                c.put("rules", s.rules());
            }
            case StepFacts.Published p -> c.put("published_at", p.at().toString());
        }
        return c;
    }

    @Override
    public void defer(Tx tx, String id, int attempts, Retrying retrying) {
        Sql.update(
                tx,
                "UPDATE items SET attempts = ?, next_attempt_at = ?, retry_reason = ? WHERE id = ?",
                attempts,
                retrying.next(),
                retrying.reason().name(),
                id);
    }

    @Override
    public List<String> due(Tx tx, Instant now, int limit) {
        return Sql.list(
                tx,
                "SELECT id FROM items WHERE " + READY + " AND next_attempt_at <= ? ORDER BY created_at LIMIT ?",
                rs -> rs.getString(1),
                now,
                limit);
    }

    @Override
    public int unfinished(Tx tx) {
        return Sql.one(tx, "SELECT COUNT(*) FROM items WHERE " + READY, rs -> rs.getInt(1))
                .orElse(0);
    }

    @Override
    public Optional<Integer> queuePosition(Tx tx, String id) {
        return Sql.one(
                tx,
                "SELECT (SELECT COUNT(*) FROM items WHERE " + READY
                        + " AND (created_at < t.created_at OR (created_at = t.created_at AND id < t.id)))"
                        + " FROM items t WHERE t.id = ? AND t.id IN (SELECT id FROM items WHERE " + READY + ")",
                rs -> rs.getInt(1),
                id);
    }

    @Override
    public void recordDownload(Tx tx, String id, String account, String protocol, Instant at) {
        Sql.update(
                tx,
                "INSERT INTO item_downloads (item, account, protocol, at) VALUES (?, ?, ?, ?)",
                id,
                account,
                protocol,
                at);
    }

    @Override
    public Optional<Instant> firstDownload(Tx tx, String id) {
        return Sql.one(
                        tx,
                        "SELECT MIN(at) FROM item_downloads WHERE item = ?",
                        rs -> Optional.ofNullable(rs.getString(1)),
                        id)
                .flatMap(at -> at)
                .map(Instant::parse);
    }

    @Override
    public List<TransferItem> published(Tx tx, Flow flow, Optional<String> organisation) {
        String sql = "SELECT * FROM items WHERE state = 'PUBLISHED' AND folder IS NULL AND flow = ?";
        return organisation.isPresent()
                ? Sql.list(
                        tx,
                        sql + " AND organisation = ? ORDER BY updated_at, id",
                        JdbcItemStore::read,
                        flow.toString(),
                        organisation.get())
                : Sql.list(tx, sql + " ORDER BY updated_at, id", JdbcItemStore::read, flow.toString());
    }

    @Override
    public List<TransferItem> heldEncrypted(Tx tx, Flow flow, Optional<String> organisation) {
        String sql = "SELECT * FROM items WHERE state IN ('QUARANTINED', 'BLOCKED')"
                + " AND reason_code = 'ENCRYPTED_CONTENT' AND folder IS NULL AND flow = ?"
                + (organisation.isPresent() ? " AND organisation = ?" : "")
                + " AND id NOT IN (SELECT item FROM unlock_attempts WHERE outcome = 'UNLOCKED')"
                + " ORDER BY created_at DESC, id";
        return organisation.isPresent()
                ? Sql.list(tx, sql, JdbcItemStore::read, flow.toString(), organisation.get())
                : Sql.list(tx, sql, JdbcItemStore::read, flow.toString());
    }

    @Override
    public Optional<TransferItem> previousVersion(Tx tx, TransferItem item) {
        if (item.inFolder()) {
            return Sql.one(
                    tx,
                    "SELECT i.* FROM items i JOIN file_versions v ON v.item = i.id"
                            + " WHERE v.file IN (SELECT file FROM file_versions WHERE item = ?)"
                            + " AND v.number < (SELECT MAX(number) FROM file_versions WHERE item = ?)"
                            + " AND i.state = 'PUBLISHED' AND i.flow = ? AND i.id <> ?"
                            + " ORDER BY v.number DESC LIMIT 1",
                    JdbcItemStore::read,
                    item.id(),
                    item.id(),
                    item.flow().toString(),
                    item.id());
        }
        return Sql.one(
                tx,
                "SELECT * FROM items WHERE state = 'PUBLISHED' AND folder IS NULL AND flow = ? AND organisation = ?"
                        + " AND name = ? AND created_at <= ? AND id <> ? ORDER BY created_at DESC, id LIMIT 1",
                JdbcItemStore::read,
                item.flow().toString(),
                item.organisation(),
                item.name(),
                item.createdAt(),
                item.id());
    }

    @Override
    public List<TransferItem> bySender(Tx tx, String sender) {
        return Sql.list(
                tx, "SELECT * FROM items WHERE sender = ? ORDER BY created_at DESC, id", JdbcItemStore::read, sender);
    }

    @Override
    public List<TransferItem> decidedSince(Tx tx, Instant from) {
        return Sql.list(
                tx,
                "SELECT * FROM items WHERE created_at >= ? AND decision <> '' ORDER BY created_at, id",
                JdbcItemStore::read,
                from);
    }

    @Override
    public void recordDecision(Tx tx, String id, RecordedFacts facts, String decision, Retention retention) {
        Sql.update(
                tx,
                "UPDATE items SET facts = ?, decision = ?, retain_originals = ?, retain_published = ? WHERE id = ?",
                facts.toJson(),
                decision,
                retention.originals().toSeconds(),
                retention.published().toSeconds(),
                id);
    }

    @Override
    public List<TransferItem> stopped(Tx tx, int limit) {
        return Sql.list(
                tx,
                "SELECT * FROM items WHERE state IN ('QUARANTINED', 'BLOCKED') ORDER BY created_at DESC, id LIMIT ?",
                JdbcItemStore::read,
                Math.max(1, limit));
    }

    @Override
    public List<TransferItem> all(Tx tx) {
        return Sql.list(tx, "SELECT * FROM items ORDER BY created_at, id", JdbcItemStore::read);
    }

    @Override
    public List<Counted> receivedBetween(Tx tx, Instant from, Instant to) {
        return Sql.list(
                tx,
                "SELECT flow, state, reason_code, created_at, published_at FROM items"
                        + " WHERE created_at >= ? AND created_at < ?",
                rs -> new Counted(
                        Flow.parse(rs.getString("flow")),
                        ItemState.valueOf(rs.getString("state")),
                        text(rs, "reason_code"),
                        Instant.parse(rs.getString("created_at")),
                        Optional.ofNullable(rs.getString("published_at")).map(Instant::parse)),
                from,
                to);
    }

    private static TransferItem read(ResultSet rs) throws SQLException {
        return new TransferItem(
                rs.getString("id"),
                Flow.parse(rs.getString("flow")),
                rs.getString("sender"),
                rs.getString("organisation"),
                Optional.ofNullable(rs.getString("department")),
                Optional.ofNullable(rs.getString("recipient")),
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
