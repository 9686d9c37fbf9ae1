package jp.kakehashi.appliance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.JdbcTx;
import jp.kakehashi.appliance.store.Tx;
import org.slf4j.LoggerFactory;

/**
 * Audit events waiting in the metadata store for the process that holds the audit log. A change
 * and its event are written in one transaction ({@link #enqueue}), so neither exists without the
 * other; {@link AuditLog#drain} appends them in order. Only one process ever writes the chain.
 */
public final class AuditOutbox {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditOutbox() {}

    /** Queues {@code event} inside the caller's transaction. */
    public static void enqueue(Tx tx, AuditEvent event) {
        JdbcTx.call(tx, c -> {
            enqueue(c, event);
            return Boolean.TRUE;
        });
    }

    /** Queues {@code event} inside the caller's transaction. */
    public static void enqueue(Connection c, AuditEvent event) throws SQLException {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", event.type().name());
        node.put("actor", event.actor());
        node.put("zone", event.zone());
        node.put("item", event.item());
        ObjectNode data = node.putObject("data");
        event.sortedData().forEach(data::put);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_outbox (event) VALUES (?)")) {
            s.setString(1, node.toString());
            s.executeUpdate();
        }
    }

    /** How many events wait to be appended to the log (a health figure: it should stay near zero). */
    public static int backlog(Database db) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_outbox")) {
                ResultSet rs = s.executeQuery();
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    record Pending(long id, AuditEvent event) {}

    static List<Pending> pending(Database db, int limit) {
        return db.transaction(c -> {
            List<Pending> events = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, event FROM audit_outbox ORDER BY id LIMIT ?")) {
                s.setInt(1, limit);
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    events.add(new Pending(rs.getLong(1), parse(rs.getString(2))));
                }
            }
            return events;
        });
    }

    /**
     * Takes an appended event off the outbox, with what {@code follower} makes of it in the same
     * unit of work; when another drain took it first, the follower is not asked again.
     */
    static void delete(Database db, Pending p, AuditFollower follower) {
        db.writing(tx -> {
            int removed = JdbcTx.call(tx, c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM audit_outbox WHERE id = ?")) {
                    s.setLong(1, p.id());
                    return s.executeUpdate();
                }
            });
            if (removed == 1) {
                try {
                    follower.follow(tx, p.event());
                } catch (RuntimeException e) {
                    // A follower's fault must never hold the audit trail up: the record is in the log.
                    LoggerFactory.getLogger(AuditOutbox.class)
                            .error(
                                    "could not act on audit record {} ({}): {}",
                                    p.id(),
                                    p.event().type(),
                                    e.toString());
                }
            }
            return removed;
        });
    }

    private static AuditEvent parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            Map<String, String> data = new LinkedHashMap<>();
            n.path("data")
                    .properties()
                    .forEach(e -> data.put(e.getKey(), e.getValue().asText()));
            return new AuditEvent(
                    AuditType.valueOf(n.path("type").asText()),
                    n.path("actor").asText(),
                    n.path("zone").asText(),
                    n.path("item").asText(),
                    data);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AuditException("an audit outbox entry is unreadable: " + e.getMessage(), e);
        }
    }
}
