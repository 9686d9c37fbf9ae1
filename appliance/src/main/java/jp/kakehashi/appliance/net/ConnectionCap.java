package jp.kakehashi.appliance.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.audit.RefusalAudit;
import jp.kakehashi.policies.Zone;
import org.jspecify.annotations.Nullable;

/**
 * Open connections per source address on one listener (ISSUE 21 §6): one address that opens
 * connections without end (1,500 TLS connections were held from one address) would otherwise
 * take every thread and socket the listener has from everyone else. A connection past the cap is
 * closed at once, and the refusal recorded (rate-limited, a flood becomes a count).
 *
 * <p>Each {@link #opened} is matched by one {@link #closed}, whether or not it was admitted.
 */
public final class ConnectionCap {
    private final int perAddress;
    private final Zone zone;
    private final String protocol;
    private final RefusalAudit refusals;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

    public ConnectionCap(int perAddress, Zone zone, String protocol, RefusalAudit refusals) {
        if (perAddress < 1) {
            throw new IllegalArgumentException("perAddress must be at least 1, was " + perAddress);
        }
        this.perAddress = perAddress;
        this.zone = zone;
        this.protocol = protocol;
        this.refusals = refusals;
    }

    /** Counts a new connection from {@code remote}; false (and audited) when it is one too many. */
    public boolean opened(@Nullable SocketAddress remote) {
        InetAddress address = address(remote);
        if (address == null) {
            return true;
        }
        int now = open.merge(address, 1, Integer::sum);
        if (now <= perAddress) {
            return true;
        }
        refused(address, "CONNECTIONS_PER_ADDRESS", Map.of("limit", String.valueOf(perAddress)));
        return false;
    }

    /** The connection {@link #opened} counted has closed. */
    public void closed(@Nullable SocketAddress remote) {
        InetAddress address = address(remote);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Connections now open from {@code address} (for tests and the health page). */
    public int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    /** Records a connection closed for holding the listener without using it (e.g. slow headers). */
    public void refused(@Nullable SocketAddress remote, String reason) {
        InetAddress address = address(remote);
        if (address != null) {
            refused(address, reason, Map.of());
        }
    }

    private void refused(InetAddress address, String reason, Map<String, String> details) {
        Map<String, String> data = new java.util.LinkedHashMap<>(details);
        data.put("protocol", protocol);
        data.put("reason", reason);
        data.put("from", address.getHostAddress());
        refusals.append(
                new AuditEvent(AuditType.CONNECTION_REFUSED, "", zone.word(), "", data),
                String.join("|", address.getHostAddress(), zone.word(), protocol, reason));
    }

    private static @Nullable InetAddress address(@Nullable SocketAddress remote) {
        return remote instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
