package jp.kakehashi.appliance.portal;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.kakehashi.appliance.net.ConnectionCap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * An HTTPS listener's limits below the request (ISSUE 21 §6): the per-address cap, and a deadline
 * for the first request's headers. A client that connects and sends nothing, or sends its headers
 * a byte at a time (slowloris), is closed when the deadline passes; the idle timeout alone never
 * ends it, since each byte starts it again.
 *
 * <p>Only the network (TLS) connection is counted: the HTTP connection inside it shares its socket.
 */
final class HttpsConnectionGuard implements Connection.Listener {
    /** Time from the TCP connection to the first request's complete headers, the TLS handshake included. */
    static final Duration FIRST_REQUEST_WITHIN = Duration.ofSeconds(20);

    private final ConnectionCap cap;
    private final Scheduler scheduler;
    private final Duration firstRequestWithin;

    HttpsConnectionGuard(ConnectionCap cap, Scheduler scheduler, Duration firstRequestWithin) {
        this.cap = cap;
        this.scheduler = scheduler;
        this.firstRequestWithin = firstRequestWithin;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof SslConnection tls)) {
            return;
        }
        // The remote address is gone from a closed socket: keep it for the matching release.
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        connection.addEventListener(new Connection.Listener() {
            @Override
            public void onClosed(Connection closed) {
                cap.closed(remote);
            }
        });
        if (!cap.opened(remote)) {
            connection.getEndPoint().close();
            return;
        }
        scheduler.schedule(
                () -> {
                    Connection http = tls.getSslEndPoint().getConnection();
                    if (connection.getEndPoint().isOpen() && (http == null || http.getMessagesIn() == 0)) {
                        cap.refused(remote, "NO_REQUEST_IN_TIME");
                        connection.getEndPoint().close();
                    }
                },
                firstRequestWithin.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
