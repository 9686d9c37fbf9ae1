package jp.kakehashi.appliance.identity;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.Sealer;

/** The TOTP secrets of web sign-in, sealed with the master key; enrolment and reset are audited. */
public final class SecondFactors {
    private final Database db;
    private final Sealer sealer;
    private final Clock clock;

    public SecondFactors(Database db, Sealer sealer, Clock clock) {
        this.db = db;
        this.sealer = sealer;
        this.clock = clock;
    }

    public Optional<byte[]> secret(String account) {
        Optional<String> sealed = db.read(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT sealed_secret FROM second_factors WHERE account = ?")) {
                s.setString(1, account);
                ResultSet rs = s.executeQuery();
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
        return sealed.map(v -> sealer.open(v, account));
    }

    /** Stores a confirmed secret, replacing any earlier one (ACCOUNT_TOTP_ENROLLED). */
    /** The accounts that have enrolled an authenticator (without unsealing any secret). */
    public java.util.Set<String> enrolled() {
        return db.read(c -> {
            java.util.Set<String> names = new java.util.TreeSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT account FROM second_factors")) {
                var rs = s.executeQuery();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    public void enrol(String account, byte[] secret) {
        String sealed = sealer.seal(secret, account);
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO second_factors (account, sealed_secret, enrolled_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT(account) DO UPDATE SET sealed_secret = excluded.sealed_secret,"
                            + " enrolled_at = excluded.enrolled_at")) {
                s.setString(1, account);
                s.setString(2, sealed);
                s.setString(3, Instant.now(clock).toString());
                s.executeUpdate();
            }
            AuditOutbox.enqueue(
                    c, new AuditEvent(AuditType.ACCOUNT_TOTP_ENROLLED, account, "", "", Map.of("name", account)));
            return Boolean.TRUE;
        });
    }

    /**
     * Forgets an account's authenticator (lost phone); the next sign-in enrols a new one.
     * Returns false if it had none.
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
            }
            return n > 0;
        });
    }
}
