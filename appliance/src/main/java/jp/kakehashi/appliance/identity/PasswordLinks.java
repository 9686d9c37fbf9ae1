package jp.kakehashi.appliance.identity;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Database;

/**
 * One-time links to set a password: an invitation for a new account (7 days) or a reset by an
 * administrator (24 hours). Only the SHA-256 of a link's token is stored, so the table never
 * holds a usable link; issuing a new one voids the account's older ones, and using one ends it.
 * The administrator hands the link over by a channel of their choosing; the appliance sends no
 * mail.
 */
public final class PasswordLinks {
    /** What a link is for, and how long it stays usable. */
    public enum Purpose {
        INVITE(Duration.ofDays(7)),
        RESET(Duration.ofHours(24));

        private final Duration lifetime;

        Purpose(Duration lifetime) {
            this.lifetime = lifetime;
        }

        public Duration lifetime() {
            return lifetime;
        }
    }

    /** A link just issued: the token goes into the URL and is shown once, to the administrator. */
    public record Issued(String account, Purpose purpose, String token, Instant expiresAt) {}

    /** Why a link could not be used, in Japanese and English. */
    public record Refusal(String code, String ja, String en) {}

    private final Database db;
    private final Accounts accounts;
    private final SecureRandom random;
    private final Clock clock;

    public PasswordLinks(Database db, Accounts accounts, SecureRandom random, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Issues a link for an existing account, voiding its older unused ones.
     *
     * @throws IllegalArgumentException when the account does not exist
     */
    public Issued issue(String account, Purpose purpose, String actor) {
        String token = LinkTokens.newToken(random);
        Instant now = Instant.now(clock);
        Instant expires = now.plus(purpose.lifetime());
        return db.transaction(c -> {
            if (Accounts.findIn(c, account).isEmpty()) {
                throw new IllegalArgumentException("there is no account '" + account + "' (アカウントがありません)");
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE password_links SET state = 'VOID' WHERE account = ? AND state = 'OPEN'")) {
                s.setString(1, account);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO password_links (token_sha256, account, purpose, state, created_by, created_at, expires_at)"
                            + " VALUES (?, ?, ?, 'OPEN', ?, ?, ?)")) {
                s.setString(1, LinkTokens.digest(token));
                s.setString(2, account);
                s.setString(3, purpose.name());
                s.setString(4, actor);
                s.setString(5, now.toString());
                s.setString(6, expires.toString());
                s.executeUpdate();
            }
            AuditOutbox.enqueue(
                    c,
                    new AuditEvent(
                            AuditType.PASSWORD_LINK_ISSUED,
                            actor,
                            "",
                            "",
                            Map.of("name", account, "purpose", purpose.name(), "expires", expires.toString())));
            if (purpose == Purpose.RESET) {
                // A reset means the password may be known to someone else: what it issued ends now.
                Credentials.revokeIn(c, account, "PASSWORD_RESET", clock);
            }
            return new Issued(account, purpose, token, expires);
        });
    }

    /** The account an open, unexpired link is for. */
    public Optional<String> account(String token) {
        Instant now = Instant.now(clock);
        return db.transaction(c -> open(c, token, now));
    }

    /** When the account's open link expires, if it has one. */
    public Optional<Instant> openUntil(String account) {
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT expires_at FROM password_links WHERE account = ? AND state = 'OPEN' ORDER BY expires_at DESC")) {
                s.setString(1, account);
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    Instant until = Instant.parse(rs.getString(1));
                    if (now.isBefore(until)) {
                        return Optional.of(until);
                    }
                }
                return Optional.<Instant>empty();
            }
        });
    }

    /**
     * Sets the account's password through a link, which is then used up. The password must pass
     * {@link PasswordRules}; a refused password leaves the link open for another try.
     *
     * @return the account's name, or why not
     */
    public Result use(String token, char[] password) {
        Instant now = Instant.now(clock);
        Optional<String> account = account(token);
        if (account.isEmpty()) {
            return new Result.Refused(
                    new Refusal(
                            "LINK_INVALID",
                            "このリンクは使えません（期限切れ・使用済み・新しいリンクの発行のいずれか）。管理者に新しいリンクを依頼してください。",
                            "This link cannot be used (it expired, was used, or a newer one was issued). Ask your administrator for a new one."));
        }
        Optional<PasswordRules.Problem> problem = PasswordRules.check(password, account.get());
        if (problem.isPresent()) {
            return new Result.Refused(new Refusal(
                    problem.get().code(), problem.get().ja(), problem.get().en()));
        }
        String hash = accounts.hash(password);
        return db.transaction(c -> {
            Optional<String> still = open(c, token, now);
            if (still.isEmpty()) {
                return new Result.Refused(
                        new Refusal("LINK_INVALID", "このリンクは既に使われました。", "This link was already used."));
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE password_links SET state = 'USED', used_at = ? WHERE token_sha256 = ?")) {
                s.setString(1, now.toString());
                s.setString(2, LinkTokens.digest(token));
                s.executeUpdate();
            }
            Accounts.setPasswordIn(c, still.get(), hash);
            AuditOutbox.enqueue(c, new AuditEvent(AuditType.PASSWORD_SET, still.get(), "", "", Map.of("via", "link")));
            Credentials.revokeIn(c, still.get(), "PASSWORD_SET", clock);
            return new Result.Set(still.get());
        });
    }

    /** What became of a use of a link. */
    public sealed interface Result {
        record Set(String account) implements Result {}

        record Refused(Refusal refusal) implements Result {}
    }

    private static Optional<String> open(Connection c, String token, Instant now) throws SQLException {
        if (!token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT account, expires_at FROM password_links WHERE token_sha256 = ? AND state = 'OPEN'")) {
            s.setString(1, LinkTokens.digest(token));
            ResultSet rs = s.executeQuery();
            if (!rs.next() || !now.isBefore(Instant.parse(rs.getString(2)))) {
                return Optional.empty();
            }
            return Optional.of(rs.getString(1));
        }
    }
}
