package jp.kakehashi.appliance.audit;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Refusals (access denied, a CSRF failure, a refused SFTP command) are evidence, but a client
 * looping on one must not flood the log: per key (actor, zone and reason) at most {@code
 * perMinute} records are written a minute, and the first record of that key in a later minute
 * carries how many were left out ({@code suppressedBefore}).
 */
public final class RefusalAudit {
    /** Keys kept at most; past it, the oldest minute's counters are forgotten. */
    private static final int MAX_KEYS = 10_000;

    private final AuditSink audit;
    private final Clock clock;
    private final int perMinute;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long minute;
        int written;
        int suppressed;
    }

    public RefusalAudit(AuditSink audit, Clock clock, int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1, was " + perMinute);
        }
        this.audit = audit;
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Appends {@code event} unless its key has used up this minute's records; counts it if so. */
    public void append(AuditEvent event, String key) {
        long minute = clock.millis() / 60_000;
        int carried;
        synchronized (windows) {
            if (windows.size() >= MAX_KEYS && !windows.containsKey(key)) {
                windows.values().removeIf(w -> w.minute < minute);
            }
            Window w = windows.computeIfAbsent(key, k -> new Window());
            carried = 0;
            if (w.minute != minute) {
                carried = w.suppressed;
                w.minute = minute;
                w.written = 0;
                w.suppressed = 0;
            }
            if (w.written >= perMinute) {
                w.suppressed++;
                return;
            }
            w.written++;
        }
        if (carried == 0) {
            audit.append(event);
            return;
        }
        Map<String, String> data = new HashMap<>(event.data());
        data.put("suppressedBefore", String.valueOf(carried));
        audit.append(new AuditEvent(event.type(), event.actor(), event.zone(), event.item(), data));
    }
}
