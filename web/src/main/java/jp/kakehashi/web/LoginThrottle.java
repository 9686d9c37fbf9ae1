package jp.kakehashi.web;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password spraying and guessing (ATTACKS AUTH-01): an account is locked after
 * {@code failuresBeforeLock} wrong attempts in a row, for {@code lockFor}; one address may fail
 * at most {@code failuresPerSource} times per {@code lockFor} across all accounts. Names that do
 * not exist are counted the same way, so the lock-out does not reveal which names exist.
 */
final class LoginThrottle {
    private final PortalConfig config;
    private final Clock clock;
    private final Map<String, Deque<Instant>> byAccount = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> bySource = new ConcurrentHashMap<>();

    LoginThrottle(PortalConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    enum Verdict {
        OPEN,
        ACCOUNT_LOCKED,
        SOURCE_THROTTLED
    }

    Verdict check(String account, String source) {
        Instant now = clock.instant();
        if (recent(bySource, source, now) >= config.failuresPerSource()) {
            return Verdict.SOURCE_THROTTLED;
        }
        if (recent(byAccount, account, now) >= config.failuresBeforeLock()) {
            return Verdict.ACCOUNT_LOCKED;
        }
        return Verdict.OPEN;
    }

    void failed(String account, String source) {
        Instant now = clock.instant();
        add(byAccount, account, now);
        add(bySource, source, now);
    }

    void succeeded(String account) {
        byAccount.remove(account);
    }

    /** An administrator unlocks an account. */
    void unlock(String account) {
        byAccount.remove(account);
    }

    private void add(Map<String, Deque<Instant>> map, String key, Instant now) {
        map.compute(key, (k, q) -> {
            Deque<Instant> d = q == null ? new ArrayDeque<>() : q;
            d.addLast(now);
            while (d.size() > 1000) {
                d.removeFirst();
            }
            return d;
        });
    }

    private int recent(Map<String, Deque<Instant>> map, String key, Instant now) {
        int[] n = {0};
        map.computeIfPresent(key, (k, d) -> {
            d.removeIf(t -> t.plus(config.lockFor()).isBefore(now));
            n[0] = d.size();
            return d.isEmpty() ? null : d;
        });
        return n[0];
    }
}
