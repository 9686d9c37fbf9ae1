package jp.kakehashi.appliance.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Database;

/**
 * Personal API tokens ({@code kk_} and 43 base64url characters, 256 random bits). Only each
 * token's SHA-256 is stored, so a copy of the database holds no usable token; a token is found by
 * that hash, which needs no constant-time comparison. Making and revoking are audited.
 */
public final class PersonalTokens {
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    /** Last use is written at most this often per token, so a busy script does not write on every call. */
    private static final Duration TOUCH = Duration.ofMinutes(1);

    private static final String PREFIX = "kk_";

    /** One token as its owner's list shows it. */
    public record Entry(
            long id,
            String account,
            String label,
            Instant createdAt,
            Instant expiresAt,
            Optional<Instant> lastUsedAt,
            boolean revoked) {}

    /** A token just made: its text (shown once) and its entry. */
    public record Made(String token, Entry entry) {}

    private final Database db;
    private final SecureRandom random;
    private final Clock clock;

    public PersonalTokens(Database db, SecureRandom random, Clock clock) {
        this.db = db;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Makes a token for {@code account}.
     *
     * @throws IllegalArgumentException when the label is blank or the lifetime is not 1 day to 1 year
     */
    public Made make(String account, String label, Duration lifetime) {
        if (label.isBlank() || label.length() > 100) {
            throw new IllegalArgumentException("a token's label is 1-100 characters (用途を100文字以内で)");
        }
        if (lifetime.compareTo(Duration.ofDays(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a token lives 1 to 365 days (有効日数は1〜365日)");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = Instant.now(clock);
        Instant expires = now.plus(lifetime);
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO api_tokens (account, label, token_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, account);
                s.setString(2, label.strip());
                s.setString(3, sha256(token));
                s.setString(4, now.toString());
                s.setString(5, expires.toString());
                s.executeUpdate();
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("SELECT last_insert_rowid()")) {
                ResultSet rs = s.executeQuery();
                rs.next();
                id = rs.getLong(1);
            }
            AuditOutbox.enqueue(
                    c,
                    new AuditEvent(
                            AuditType.API_TOKEN_CREATED,
                            account,
                            "",
                            "",
                            Map.of(
                                    "token",
                                    String.valueOf(id),
                                    "label",
                                    label.strip(),
                                    "expires",
                                    expires.toString())));
            return new Made(token, new Entry(id, account, label.strip(), now, expires, Optional.empty(), false));
        });
    }

    /** The account a token acts for, if it is well-formed, known, unexpired and unrevoked; notes its use. */
    public Optional<String> account(String token) {
        if (!token.startsWith(PREFIX) || !token.substring(PREFIX.length()).matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        Instant now = Instant.now(clock);
        String hash = sha256(token);
        record Found(String account, boolean stale) {}
        Optional<Found> found = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT account, expires_at, last_used_at FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
                s.setString(1, hash);
                ResultSet rs = s.executeQuery();
                if (!rs.next() || !now.isBefore(Instant.parse(rs.getString(2)))) {
                    return Optional.<Found>empty();
                }
                String last = rs.getString(3);
                return Optional.of(new Found(
                        rs.getString(1),
                        last == null || Instant.parse(last).plus(TOUCH).isBefore(now)));
            }
        });
        // The last use is noted at most once per TOUCH, so a busy script does not write on every call.
        if (found.isPresent() && found.get().stale()) {
            db.transaction(c -> {
                try (PreparedStatement u =
                        c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE token_sha256 = ?")) {
                    u.setString(1, now.toString());
                    u.setString(2, hash);
                    return u.executeUpdate();
                }
            });
        }
        return found.map(Found::account);
    }

    /** The account's tokens, newest first. */
    public List<Entry> of(String account) {
        return db.transaction(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT * FROM api_tokens WHERE account = ? ORDER BY created_at DESC, id DESC")) {
                s.setString(1, account);
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    String last = rs.getString("last_used_at");
                    out.add(new Entry(
                            rs.getLong("id"),
                            rs.getString("account"),
                            rs.getString("label"),
                            Instant.parse(rs.getString("created_at")),
                            Instant.parse(rs.getString("expires_at")),
                            last == null ? Optional.empty() : Optional.of(Instant.parse(last)),
                            rs.getString("revoked_at") != null));
                }
            }
            return out;
        });
    }

    /** Revokes one of the account's own unrevoked tokens; false when it has no such token. */
    public boolean revoke(String account, long id, String actor) {
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            int n;
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account = ? AND revoked_at IS NULL")) {
                s.setString(1, now.toString());
                s.setLong(2, id);
                s.setString(3, account);
                n = s.executeUpdate();
            }
            if (n == 1) {
                AuditOutbox.enqueue(
                        c,
                        new AuditEvent(
                                AuditType.API_TOKEN_REVOKED,
                                actor,
                                "",
                                "",
                                Map.of("token", String.valueOf(id), "account", account)));
            }
            return n == 1;
        });
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
