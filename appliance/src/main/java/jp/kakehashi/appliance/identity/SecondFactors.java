package jp.kakehashi.appliance.identity;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.Sealer;

/**
 * The TOTP authenticators of every channel (portal, API enrolment, SFTP keyboard-interactive, the
 * console), sealed with the master key. A code is accepted once: the step it was used for is
 * stored with the secret, so neither a second channel nor a restart lets it be replayed.
 * Enrolment and reset are audited; a reset revokes the account's sessions and tokens.
 */
public final class SecondFactors {
    private final Database db;
    private final Sealer sealer;
    private final Clock clock;

    public SecondFactors(Database db, Sealer sealer, Clock clock) {
        this.db = db;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** Whether the account has enrolled an authenticator. */
    public boolean enrolled(String account) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM second_factors WHERE account = ?")) {
                s.setString(1, account);
                return s.executeQuery().next();
            }
        });
    }

    /** The accounts that have enrolled an authenticator (without unsealing any secret). */
    public Set<String> enrolled() {
        return db.read(c -> {
            Set<String> names = new TreeSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT account FROM second_factors")) {
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /**
     * True if {@code code} is the account's code for now (one step either side) and no code of
     * that step or a later one was accepted before. False for an account without an authenticator.
     */
    public boolean verify(String account, String code) {
        return db.transaction(c -> {
            String sealed;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT sealed_secret FROM second_factors WHERE account = ?")) {
                s.setString(1, account);
                ResultSet rs = s.executeQuery();
                if (!rs.next()) {
                    return false;
                }
                sealed = rs.getString(1);
            }
            OptionalLong step = Totp.matchingStep(sealer.open(sealed, account), code, Totp.step(clock.instant()));
            if (step.isEmpty()) {
                return false;
            }
            try (PreparedStatement claim =
                    c.prepareStatement("UPDATE second_factors SET last_step = ? WHERE account = ? AND last_step < ?")) {
                claim.setLong(1, step.getAsLong());
                claim.setString(2, account);
                claim.setLong(3, step.getAsLong());
                return claim.executeUpdate() == 1;
            }
        });
    }

    /**
     * Enrols {@code secretBase32} if {@code code} is right for it now, replacing any earlier
     * authenticator ({@code ACCOUNT_TOTP_ENROLLED}); the code's step counts as used. False, and
     * nothing stored, for a wrong code or a malformed secret.
     */
    public boolean enrol(String account, String secretBase32, String code) {
        byte[] secret;
        try {
            secret = Totp.fromBase32(secretBase32);
        } catch (IllegalArgumentException e) {
            return false;
        }
        OptionalLong step = Totp.matchingStep(secret, code, Totp.step(clock.instant()));
        if (secret.length < Totp.SECRET_BYTES || step.isEmpty()) {
            return false;
        }
        String sealed = sealer.seal(secret, account);
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO second_factors (account, sealed_secret, enrolled_at, last_step) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT(account) DO UPDATE SET sealed_secret = excluded.sealed_secret,"
                            + " enrolled_at = excluded.enrolled_at, last_step = excluded.last_step")) {
                s.setString(1, account);
                s.setString(2, sealed);
                s.setString(3, Instant.now(clock).toString());
                s.setLong(4, step.getAsLong());
                s.executeUpdate();
            }
            AuditOutbox.enqueue(
                    c, new AuditEvent(AuditType.ACCOUNT_TOTP_ENROLLED, account, "", "", Map.of("name", account)));
            return true;
        });
    }

    /**
     * Forgets an account's authenticator (lost phone); the next sign-in enrols a new one. Every
     * session and API token of the account ends with it. Returns false if it had none.
     */
    public boolean reset(String account, String actor) {
        return db.transaction(c -> {
            int n;
            try (PreparedStatement s = c.prepareStatement("DELETE FROM second_factors WHERE account = ?")) {
                s.setString(1, account);
                n = s.executeUpdate();
            }
            if (n > 0) {
                AuditOutbox.enqueue(
                        c, new AuditEvent(AuditType.ACCOUNT_TOTP_RESET, actor, "", "", Map.of("name", account)));
                Credentials.revokeIn(c, account, "TOTP_RESET", clock);
            }
            return n > 0;
        });
    }
}
