package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Zone;

/**
 * Lock-out and throttling for every way of signing in: the portals, the API and SFTP ask this
 * one guard and tell it each failure (ATTACKS AUTH-01). An account is locked after {@code
 * failuresBeforeLock} failures in a row on its zone, for {@code lockFor}; one address may fail at
 * most {@code failuresPerSource} times per {@code lockFor}, across every account and channel.
 * Failures are rows in the metadata store, so a restart unlocks nothing.
 *
 * <p>An account is counted per zone: guesses on the internet listener cannot lock out a staff
 * member on LGWAN. Names that do not exist are counted like those that do, so a lock-out does not
 * reveal which names exist.
 */
public final class SignInGuard {
    /** What a sign-in attempt may do now. */
    public enum Gate {
        OPEN,
        ACCOUNT_LOCKED,
        SOURCE_THROTTLED
    }

    /**
     * @param failuresBeforeLock failed passwords or codes in a row that lock an account
     * @param lockFor how long a lock lasts, and the window failures are counted over
     * @param failuresPerSource failures one address may make per {@code lockFor}
     */
    public record Limits(int failuresBeforeLock, Duration lockFor, int failuresPerSource) {
        public static final Limits DEFAULTS = new Limits(5, Duration.ofMinutes(15), 30);

        public Limits {
            requireNonNull(lockFor, "lockFor");
            if (failuresBeforeLock < 1 || failuresPerSource < 1) {
                throw new IllegalArgumentException("failures-before-lock and failures-per-source must be at least 1");
            }
            if (lockFor.isNegative() || lockFor.isZero()) {
                throw new IllegalArgumentException("lock-for must be positive");
            }
        }
    }

    private final Transactions db;
    private final IdentityStore store;
    private final Limits limits;
    private final Clock clock;

    public SignInGuard(Transactions db, IdentityStore store, Limits limits, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.limits = requireNonNull(limits, "limits");
        this.clock = requireNonNull(clock, "clock");
    }

    public Limits limits() {
        return limits;
    }

    /** Whether {@code name} may try to sign in on {@code zone} from {@code source} now. */
    public Gate gate(String name, Zone zone, String source) {
        long since = clock.millis() - limits.lockFor().toMillis();
        return db.reading(tx -> {
            if (store.failuresSince(tx, sourceKey(source), since) >= limits.failuresPerSource()) {
                return Gate.SOURCE_THROTTLED;
            }
            if (store.failuresSince(tx, accountKey(name, zone), since) >= limits.failuresBeforeLock()) {
                return Gate.ACCOUNT_LOCKED;
            }
            return Gate.OPEN;
        });
    }

    /** Counts a wrong password, key-less password attempt or code against the account and the address. */
    public void failed(String name, Zone zone, String source) {
        long now = clock.millis();
        db.writing(tx -> {
            store.forgetFailuresBefore(tx, now - limits.lockFor().toMillis());
            store.addFailures(tx, List.of(accountKey(name, zone), sourceKey(source)), now);
            return Boolean.TRUE;
        });
    }

    /** A sign-in got through: the account's failures in a row start again from zero (the address's do not). */
    public void succeeded(String name, Zone zone) {
        clear(accountKey(name, zone));
    }

    /**
     * Lifts an account's lock on every zone, inside the caller's unit of work: {@link
     * Credentials#revokeIn} does it whenever the account's credentials change (a new password, an
     * authenticator reset), so the person can sign in with them at once.
     */
    static void unlockIn(IdentityStore store, Tx tx, String name) {
        for (Zone z : Zone.values()) {
            store.clearFailures(tx, accountKey(name, z));
        }
    }

    private void clear(String subject) {
        db.writing(tx -> {
            store.clearFailures(tx, subject);
            return Boolean.TRUE;
        });
    }

    /** Names are cut at 100 characters: whatever was typed, one row stays small. */
    private static String accountKey(String name, Zone zone) {
        return "account:" + zone.word() + ":" + (name.length() > 100 ? name.substring(0, 100) : name);
    }

    private static String sourceKey(String source) {
        return "source:" + (source.length() > 100 ? source.substring(0, 100) : source);
    }
}
