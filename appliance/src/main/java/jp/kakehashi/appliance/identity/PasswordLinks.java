package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;

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

    private final Transactions db;
    private final IdentityStore store;
    private final Credentials credentials;
    private final Accounts accounts;
    private final SecureRandom random;
    private final Clock clock;

    public PasswordLinks(Transactions db, IdentityStore store, Accounts accounts, SecureRandom random, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.credentials = new Credentials(store, clock);
        this.accounts = requireNonNull(accounts, "accounts");
        this.random = requireNonNull(random, "random");
        this.clock = requireNonNull(clock, "clock");
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
        return db.writing(tx -> {
            if (accounts.findIn(tx, account).isEmpty()) {
                throw new IllegalArgumentException("there is no account '" + account + "' (アカウントがありません)");
            }
            if (store.directoryDn(tx, account).isPresent()) {
                // Its password is the directory's: a link of ours would set a second one beside it.
                throw new IllegalArgumentException("'" + account + "' signs in with the municipality's directory;"
                        + " its password is changed there (ディレクトリの利用者のパスワードはディレクトリで変更してください)");
            }
            store.voidOpenLinks(tx, account);
            store.insertLink(tx, LinkTokens.digest(token), account, purpose.name(), actor, now, expires);
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.PASSWORD_LINK_ISSUED,
                            actor,
                            "",
                            "",
                            Map.of("name", account, "purpose", purpose.name(), "expires", expires.toString())));
            if (purpose == Purpose.RESET) {
                // A reset means the password may be known to someone else: what it issued ends now.
                credentials.revokeIn(tx, account, "PASSWORD_RESET");
            }
            return new Issued(account, purpose, token, expires);
        });
    }

    /** The account an open, unexpired link is for. */
    public Optional<String> account(String token) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> open(tx, token, now));
    }

    /** When the account's open link expires, if it has one. */
    public Optional<Instant> openUntil(String account) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> store.openLinkExpiries(tx, account).stream()
                .filter(now::isBefore)
                .findFirst());
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
        return db.writing(tx -> {
            Optional<String> still = open(tx, token, now);
            if (still.isEmpty()) {
                return new Result.Refused(
                        new Refusal("LINK_INVALID", "このリンクは既に使われました。", "This link was already used."));
            }
            store.useLink(tx, LinkTokens.digest(token), now);
            accounts.setPasswordIn(tx, still.get(), hash);
            AuditOutbox.enqueue(tx, new AuditEvent(AuditType.PASSWORD_SET, still.get(), "", "", Map.of("via", "link")));
            credentials.revokeIn(tx, still.get(), "PASSWORD_SET");
            return new Result.Set(still.get());
        });
    }

    /** What became of a use of a link. */
    public sealed interface Result {
        record Set(String account) implements Result {}

        record Refused(Refusal refusal) implements Result {}
    }

    private Optional<String> open(Tx tx, String token, Instant now) {
        if (!token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        return store.openLink(tx, LinkTokens.digest(token))
                .filter(link -> now.isBefore(link.expiresAt()))
                .map(IdentityStore.OpenLink::account);
    }
}
