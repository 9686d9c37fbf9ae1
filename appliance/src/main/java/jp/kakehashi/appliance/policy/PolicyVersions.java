package jp.kakehashi.appliance.policy;

import static java.util.Objects.requireNonNull;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
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
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;

/**
 * Policy versions (four eyes). A text is proposed by one administrator only
 * if it lints clean, confirmed by another, and put in force by the daemon ({@link #activate})
 * after linting it once more; a text that no longer lints is refused and the policy in force
 * stays. Every step is one transaction with its audit record.
 */
public final class PolicyVersions {
    /** The largest policy text accepted; a policy is read by people, not generated. */
    public static final int MAX_CHARS = 1 << 20;

    private static final String SYSTEM = "system";

    private final Transactions db;
    private final PolicyVersionStore store;
    private final Accounts accounts;
    private final Clock clock;

    public PolicyVersions(Transactions db, PolicyVersionStore store, Accounts accounts, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.accounts = requireNonNull(accounts, "accounts");
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
        return db.writing(tx -> {
            administrator(tx, actor);
            PolicyVersion v =
                    store.insert(tx, new PolicyVersionStore.NewVersion(source, text, sha256(text), reason, actor, now));
            long id = v.id();
            Map<String, String> data = new LinkedHashMap<>();
            data.put("version", String.valueOf(id));
            data.put("source", source);
            data.put("sha256", sha256(text));
            data.put("reason", reason);
            AuditOutbox.enqueue(tx, new AuditEvent(AuditType.POLICY_PROPOSED, actor, "lgwan", "", data));
            return v;
        });
    }

    /**
     * A second administrator confirms a proposal; the daemon puts it in force within seconds.
     *
     * @param reviewedSha256 the hash of the text the confirmer read, when given: another is refused
     */
    public PolicyVersion confirm(long id, String actor, Optional<String> reviewedSha256) {
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            administrator(tx, actor);
            PolicyVersion v = store.version(tx, id)
                    .orElseThrow(() -> new PolicyRefused(PolicyRefused.Reason.NO_SUCH_VERSION, "#" + id));
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
            store.confirm(tx, id, actor, now);
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.POLICY_CONFIRMED,
                            actor,
                            "lgwan",
                            "",
                            Map.of("version", String.valueOf(id), "sha256", v.sha256(), "proposedBy", v.proposedBy())));
            return store.version(tx, id).orElseThrow();
        });
    }

    /**
     * Puts the newest confirmed version in force if it lints clean (older confirmed ones are
     * superseded); otherwise marks it refused with the error, and the caller keeps its policy.
     */
    public Activation activate() {
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            Optional<PolicyVersion> confirmed = store.newest(tx, PolicyVersion.State.CONFIRMED);
            if (confirmed.isEmpty()) {
                return new Activation.Nothing();
            }
            PolicyVersion v = confirmed.get();
            Policy policy;
            try {
                policy = PolicyLoader.read(new StringReader(v.text()), v.source());
            } catch (ConfigException e) {
                String error = String.valueOf(e.getMessage());
                store.refuse(tx, v.id(), error);
                AuditOutbox.enqueue(
                        tx,
                        new AuditEvent(
                                AuditType.POLICY_REFUSED,
                                SYSTEM,
                                "",
                                "",
                                Map.of("version", String.valueOf(v.id()), "error", error)));
                return new Activation.Refused(store.version(tx, v.id()).orElseThrow(), error);
            }
            store.activate(tx, v.id(), now);
            AuditOutbox.enqueue(
                    tx,
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
            return new Activation.Activated(store.version(tx, v.id()).orElseThrow(), policy);
        });
    }

    /** The version in force, if one was ever activated (else the configured file is in force). */
    public Optional<PolicyVersion> active() {
        return db.reading(tx -> store.newest(tx, PolicyVersion.State.ACTIVE));
    }

    public Optional<PolicyVersion> find(long id) {
        return db.reading(tx -> store.version(tx, id));
    }

    /** Every version, newest first. */
    public List<PolicyVersion> list() {
        return db.reading(store::all);
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

    private void administrator(Tx tx, String actor) {
        Optional<Account> a = accounts.findIn(tx, actor);
        if (a.isEmpty() || a.get().disabled() || a.get().role() != Role.ADMIN) {
            throw new PolicyRefused(PolicyRefused.Reason.NOT_AN_ADMINISTRATOR, actor);
        }
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
