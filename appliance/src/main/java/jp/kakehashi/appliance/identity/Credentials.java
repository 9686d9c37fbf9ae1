package jp.kakehashi.appliance.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;

/**
 * What an account's credentials issued ends when they change (ISSUE 21 §3): every change of a
 * password, an authenticator, a role, a group or the disabled flag calls {@link #revokeIn} in its
 * own transaction. It revokes the account's API tokens and bumps the account's credential
 * generation, which every portal session carries: a session of an older generation ends at its
 * next request. It also lifts the account's lock-out: the new credentials work at once.
 */
public final class Credentials {
    private Credentials() {}

    /** Revokes every API token of {@code account}, ends its sessions and lifts its lock-out, audited with {@code reason}. */
    public static void revokeIn(Connection c, String account, String reason, Clock clock) throws SQLException {
        try (PreparedStatement bump =
                c.prepareStatement("UPDATE accounts SET credentials = credentials + 1 WHERE name = ?")) {
            bump.setString(1, account);
            bump.executeUpdate();
        }
        int tokens;
        try (PreparedStatement revoke =
                c.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE account = ? AND revoked_at IS NULL")) {
            revoke.setString(1, Instant.now(clock).toString());
            revoke.setString(2, account);
            tokens = revoke.executeUpdate();
        }
        SignInGuard.unlockIn(c, account);
        AuditOutbox.enqueue(
                c,
                new AuditEvent(
                        AuditType.CREDENTIALS_REVOKED,
                        account,
                        "",
                        "",
                        Map.of("name", account, "reason", reason, "apiTokens", String.valueOf(tokens))));
    }

    /** The account's credential generation now; 0 for an unknown account. */
    static long generationIn(Connection c, String account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT credentials FROM accounts WHERE name = ?")) {
            s.setString(1, account);
            ResultSet rs = s.executeQuery();
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
