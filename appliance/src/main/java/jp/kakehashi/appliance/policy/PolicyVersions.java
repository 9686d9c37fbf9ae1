package jp.kakehashi.appliance.policy;

import static java.util.Objects.requireNonNull;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import org.jspecify.annotations.Nullable;

/**
 * Policy versions in the metadata store (four eyes). A text is proposed by one administrator only
 * if it lints clean, confirmed by another, and put in force by the daemon ({@link #activate})
 * after linting it once more; a text that no longer lints is refused and the policy in force
 * stays. Every step is one transaction with its audit record.
 */
public final class PolicyVersions {
    /** The largest policy text accepted; a policy is read by people, not generated. */
    public static final int MAX_CHARS = 1 << 20;

    private static final String SYSTEM = "system";

    private final Database db;
    private final Clock clock;

    public PolicyVersions(Database db, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.clock = requireNonNull(clock, "clock");
    }

    /** What {@link #activate} did. */
    public sealed interface Activation {
        /** No confirmed version was waiting. */
        record Nothing() implements Activation {}

        record Activated(PolicyVersion version, Policy policy) implements Activation {}

        /** The version does not lint; the policy in force stays. */
        record Refused(PolicyVersion version, String error) implements Activation {}
    }

    /**
     * Records a proposal.
     *
     * @param source the file the text was read from, named in lint errors
     * @throws PolicyRefused when the actor is not an administrator, the reason is blank, or the
     *     text does not lint (the message says file, line and column)
     */
    public PolicyVersion propose(String source, String text, String actor, String reason) {
        if (reason.isBlank()) {
            throw new PolicyRefused(PolicyRefused.Reason.REASON_REQUIRED, "");
        }
        if (text.length() > MAX_CHARS) {
            throw new PolicyRefused(
                    PolicyRefused.Reason.DOES_NOT_LINT, source + " has more than " + MAX_CHARS + " characters");
        }
        lint(source, text);
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            administrator(c, actor);
            long id;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO policy_versions (source, text, sha256, reason, proposed_by, proposed_at, state)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, source);
                s.setString(2, text);
                s.setString(3, sha256(text));
                s.setString(4, reason);
                s.setString(5, actor);
                s.setString(6, now.toString());
                s.setString(7, PolicyVersion.State.PROPOSED.name());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT last_insert_rowid()")) {
                ResultSet rs = s.executeQuery();
                rs.next();
                id = rs.getLong(1);
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("version", String.valueOf(id));
            data.put("source", source);
            data.put("sha256", sha256(text));
            data.put("reason", reason);
            AuditOutbox.enqueue(c, new AuditEvent(AuditType.POLICY_PROPOSED, actor, "lgwan", "", data));
            return read(c, id).orElseThrow();
        });
    }

    /**
     * A second administrator confirms a proposal; the daemon puts it in force within seconds.
     *
     * @param reviewedSha256 the hash of the text the confirmer read, when given: another is refused
     */
    public PolicyVersion confirm(long id, String actor, Optional<String> reviewedSha256) {
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            administrator(c, actor);
            PolicyVersion v =
                    read(c, id).orElseThrow(() -> new PolicyRefused(PolicyRefused.Reason.NO_SUCH_VERSION, "#" + id));
            if (v.state() != PolicyVersion.State.PROPOSED) {
                throw new PolicyRefused(
                        PolicyRefused.Reason.NOT_PROPOSED, v.state().japanese());
            }
            if (v.proposedBy().equals(actor)) {
                throw new PolicyRefused(PolicyRefused.Reason.SAME_ADMINISTRATOR, actor);
            }
            if (reviewedSha256.isPresent() && !reviewedSha256.get().equalsIgnoreCase(v.sha256())) {
                throw new PolicyRefused(PolicyRefused.Reason.CHANGED_SINCE_REVIEW, v.sha256());
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE policy_versions SET state = ?, confirmed_by = ?, confirmed_at = ? WHERE id = ?")) {
                s.setString(1, PolicyVersion.State.CONFIRMED.name());
                s.setString(2, actor);
                s.setString(3, now.toString());
                s.setLong(4, id);
                s.executeUpdate();
            }
            AuditOutbox.enqueue(
                    c,
                    new AuditEvent(
                            AuditType.POLICY_CONFIRMED,
                            actor,
                            "lgwan",
                            "",
                            Map.of("version", String.valueOf(id), "sha256", v.sha256(), "proposedBy", v.proposedBy())));
            return read(c, id).orElseThrow();
        });
    }

    /**
     * Puts the newest confirmed version in force if it lints clean (older confirmed ones are
     * superseded); otherwise marks it refused with the error, and the caller keeps its policy.
     */
    public Activation activate() {
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            List<PolicyVersion> confirmed = query(c, "state = 'CONFIRMED' ORDER BY id DESC LIMIT 1");
            if (confirmed.isEmpty()) {
                return new Activation.Nothing();
            }
            PolicyVersion v = confirmed.get(0);
            Policy policy;
            try {
                policy = PolicyLoader.read(new StringReader(v.text()), v.source());
            } catch (ConfigException e) {
                String error = String.valueOf(e.getMessage());
                setState(c, v.id(), PolicyVersion.State.REFUSED, error);
                AuditOutbox.enqueue(
                        c,
                        new AuditEvent(
                                AuditType.POLICY_REFUSED,
                                SYSTEM,
                                "",
                                "",
                                Map.of("version", String.valueOf(v.id()), "error", error)));
                return new Activation.Refused(read(c, v.id()).orElseThrow(), error);
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE policy_versions SET state = 'SUPERSEDED'"
                    + " WHERE state = 'ACTIVE' OR (state = 'CONFIRMED' AND id < ?)")) {
                s.setLong(1, v.id());
                s.executeUpdate();
            }
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE policy_versions SET state = 'ACTIVE', activated_at = ? WHERE id = ?")) {
                s.setString(1, now.toString());
                s.setLong(2, v.id());
                s.executeUpdate();
            }
            AuditOutbox.enqueue(
                    c,
                    new AuditEvent(
                            AuditType.POLICY_ACTIVATED,
                            SYSTEM,
                            "",
                            "",
                            Map.of(
                                    "version", String.valueOf(v.id()),
                                    "sha256", v.sha256(),
                                    "proposedBy", v.proposedBy(),
                                    "confirmedBy", v.confirmedBy().orElse(""))));
            return new Activation.Activated(read(c, v.id()).orElseThrow(), policy);
        });
    }

    /** The version in force, if one was ever activated (else the configured file is in force). */
    public Optional<PolicyVersion> active() {
        return db.transaction(c ->
                query(c, "state = 'ACTIVE' ORDER BY id DESC LIMIT 1").stream().findFirst());
    }

    public Optional<PolicyVersion> find(long id) {
        return db.transaction(c -> read(c, id));
    }

    /** Every version, newest first. */
    public List<PolicyVersion> list() {
        return db.transaction(c -> query(c, "1 = 1 ORDER BY id DESC"));
    }

    /**
     * The policy in force: the active version's, else {@code configured}. An active version that
     * no longer lints (after an upgrade of the policy language) yields {@code configured}, and the
     * caller says so.
     */
    public Policy inForce(Policy configured) {
        Optional<PolicyVersion> v = active();
        if (v.isEmpty()) {
            return configured;
        }
        try {
            return PolicyLoader.read(new StringReader(v.get().text()), v.get().source());
        } catch (ConfigException e) {
            return configured;
        }
    }

    private static void lint(String source, String text) {
        try {
            PolicyLoader.read(new StringReader(text), source);
        } catch (ConfigException e) {
            throw new PolicyRefused(PolicyRefused.Reason.DOES_NOT_LINT, String.valueOf(e.getMessage()));
        }
    }

    private static void administrator(Connection c, String actor) throws SQLException {
        Optional<Account> a = Accounts.findIn(c, actor);
        if (a.isEmpty() || a.get().disabled() || a.get().role() != Role.ADMIN) {
            throw new PolicyRefused(PolicyRefused.Reason.NOT_AN_ADMINISTRATOR, actor);
        }
    }

    private static void setState(Connection c, long id, PolicyVersion.State state, String detail) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE policy_versions SET state = ?, detail = ? WHERE id = ?")) {
            s.setString(1, state.name());
            s.setString(2, detail);
            s.setLong(3, id);
            s.executeUpdate();
        }
    }

    private static Optional<PolicyVersion> read(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM policy_versions WHERE id = ?")) {
            s.setLong(1, id);
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(version(rs)) : Optional.empty();
        }
    }

    private static List<PolicyVersion> query(Connection c, String where) throws SQLException {
        List<PolicyVersion> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM policy_versions WHERE " + where)) {
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                out.add(version(rs));
            }
        }
        return out;
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

    /** The hash a version is confirmed by: SHA-256 of its UTF-8 text, in lower-case hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
