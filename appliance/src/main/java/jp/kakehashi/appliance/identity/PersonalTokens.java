package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Transactions;

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

    private final Transactions db;
    private final IdentityStore store;
    private final SecureRandom random;
    private final Clock clock;

    public PersonalTokens(Transactions db, IdentityStore store, SecureRandom random, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.random = requireNonNull(random, "random");
        this.clock = requireNonNull(clock, "clock");
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
        return db.writing(tx -> {
            long id = store.insertToken(tx, account, label.strip(), sha256(token), now, expires);
            AuditOutbox.enqueue(
                    tx,
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
        Optional<Found> found = db.reading(tx -> store.unrevokedToken(tx, hash))
                .filter(t -> now.isBefore(t.expiresAt()))
                .map(t -> new Found(
                        t.account(),
                        t.lastUsedAt()
                                .map(last -> last.plus(TOUCH).isBefore(now))
                                .orElse(true)));
        // The last use is noted at most once per TOUCH, so a busy script does not write on every call.
        if (found.isPresent() && found.get().stale()) {
            db.writing(tx -> {
                store.touchToken(tx, hash, now);
                return Boolean.TRUE;
            });
        }
        return found.map(Found::account);
    }

    /** The account's tokens, newest first. */
    public List<Entry> of(String account) {
        return db.reading(tx -> store.tokens(tx, account).stream()
                .map(t -> new Entry(
                        t.id(),
                        t.account(),
                        t.label(),
                        t.createdAt(),
                        t.expiresAt(),
                        t.lastUsedAt(),
                        t.revokedAt().isPresent()))
                .toList());
    }

    /** Revokes one of the account's own unrevoked tokens; false when it has no such token. */
    public boolean revoke(String account, long id, String actor) {
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            boolean revoked = store.revokeToken(tx, id, account, now);
            if (revoked) {
                AuditOutbox.enqueue(
                        tx,
                        new AuditEvent(
                                AuditType.API_TOKEN_REVOKED,
                                actor,
                                "",
                                "",
                                Map.of("token", String.valueOf(id), "account", account)));
            }
            return revoked;
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
