package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Sealer;
import jp.kakehashi.appliance.store.Transactions;

/**
 * The TOTP authenticators of every channel (portal, API enrolment, SFTP keyboard-interactive, the
 * console), sealed with the master key. A code is accepted once: the step it was used for is
 * stored with the secret, so neither a second channel nor a restart lets it be replayed.
 * Enrolment and reset are audited; a reset revokes the account's sessions and tokens.
 */
public final class SecondFactors {
    private final Transactions db;
    private final IdentityStore store;
    private final Credentials credentials;
    private final Sealer sealer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SecondFactors(Transactions db, IdentityStore store, Sealer sealer, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.credentials = new Credentials(store, clock);
        this.sealer = requireNonNull(sealer, "sealer");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Whether the account has enrolled an authenticator. */
    public boolean enrolled(String account) {
        return db.reading(tx -> store.factor(tx, account).isPresent());
    }

    /** The accounts that have enrolled an authenticator (without unsealing any secret). */
    public Set<String> enrolled() {
        return db.reading(store::enrolled);
    }

    /**
     * True if {@code code} is the account's code for now (one step either side) and no code of
     * that step or a later one was accepted before. False for an account without an authenticator.
     */
    public boolean verify(String account, String code) {
        Optional<String> recovery = RecoveryCodes.normalise(code);
        if (recovery.isPresent()) {
            return useRecoveryCode(account, recovery.get());
        }
        return db.writing(tx -> {
            Optional<IdentityStore.StoredFactor> factor = store.factor(tx, account);
            if (factor.isEmpty()) {
                return false;
            }
            OptionalLong step = Totp.matchingStep(
                    sealer.open(factor.get().sealedSecret(), account), code, Totp.step(clock.instant()));
            return step.isPresent() && store.claimStep(tx, account, step.getAsLong());
        });
    }

    /**
     * Enrols {@code secretBase32} if {@code code} is right for it now, replacing any earlier
     * authenticator ({@code ACCOUNT_TOTP_ENROLLED}); the code's step counts as used. False, and
     * nothing stored, for a wrong code or a malformed secret.
     */
    public boolean enrol(String account, String secretBase32, String code) {
        return put(account, secretBase32, code, false);
    }

    /**
     * Replaces an enrolled authenticator with a new one (a new phone), if {@code code} is right for
     * the new secret now; the caller has checked a code of the old one. Every session and API
     * token of the account ends with it, as after any change of its credentials.
     */
    public boolean replace(String account, String secretBase32, String code) {
        return put(account, secretBase32, code, true);
    }

    private boolean put(String account, String secretBase32, String code, boolean replacing) {
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
        return db.writing(tx -> {
            store.putFactor(tx, account, sealed, Instant.now(clock), step.getAsLong());
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.ACCOUNT_TOTP_ENROLLED,
                            account,
                            "",
                            "",
                            replacing
                                    ? Map.of("name", account, "via", "self", "replaced", "true")
                                    : Map.of("name", account)));
            if (replacing) {
                credentials.revokeIn(tx, account, "TOTP_REPLACED");
            }
            return true;
        });
    }

    /**
     * A recovery code in place of the authenticator's: each works once, and its use is audited
     * with how many remain (a person down to none should print new ones).
     */
    private boolean useRecoveryCode(String account, String code) {
        return db.writing(tx -> {
            if (!store.useRecoveryCode(tx, account, RecoveryCodes.hash(account, code), Instant.now(clock))) {
                return false;
            }
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.RECOVERY_CODE_USED,
                            account,
                            "",
                            "",
                            Map.of("name", account, "count", String.valueOf(store.recoveryCodesLeft(tx, account)))));
            return true;
        });
    }

    /**
     * Ten new recovery codes for an account with an authenticator, replacing any earlier ones;
     * shown once, only their hashes kept. Empty for an account without an authenticator.
     */
    public List<String> issueRecoveryCodes(String account) {
        List<String> codes = RecoveryCodes.generate(random);
        boolean issued = db.writing(tx -> {
            if (store.factor(tx, account).isEmpty()) {
                return false;
            }
            store.replaceRecoveryCodes(
                    tx,
                    account,
                    codes.stream()
                            .map(c -> RecoveryCodes.hash(
                                    account, RecoveryCodes.normalise(c).orElseThrow()))
                            .toList(),
                    Instant.now(clock));
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.RECOVERY_CODES_ISSUED,
                            account,
                            "",
                            "",
                            Map.of("name", account, "count", String.valueOf(codes.size()))));
            return true;
        });
        return issued ? codes : List.of();
    }

    /** How many unused recovery codes the account has. */
    public int recoveryCodesLeft(String account) {
        return db.reading(tx -> store.recoveryCodesLeft(tx, account));
    }

    /**
     * Forgets an account's authenticator (lost phone); the next sign-in enrols a new one. Every
     * session and API token of the account ends with it. Returns false if it had none.
     */
    public boolean reset(String account, String actor) {
        return db.writing(tx -> {
            if (!store.removeFactor(tx, account)) {
                return false;
            }
            AuditOutbox.enqueue(
                    tx, new AuditEvent(AuditType.ACCOUNT_TOTP_RESET, actor, "", "", Map.of("name", account)));
            credentials.revokeIn(tx, account, "TOTP_RESET");
            return true;
        });
    }
}
