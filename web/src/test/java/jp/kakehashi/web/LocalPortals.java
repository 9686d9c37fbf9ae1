package jp.kakehashi.web;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;

/** The three portals in process, each behind a Jetty {@link LocalConnector} (raw HTTP/1.1, no sockets). */
final class LocalPortals implements AutoCloseable {
    final TickingClock clock = new TickingClock();
    final MemoryPorts ports = new MemoryPorts(clock);
    final Portal portal;
    private final Map<Zone, Server> servers = new EnumMap<>(Zone.class);
    private final Map<Zone, LocalConnector> connectors = new EnumMap<>(Zone.class);

    LocalPortals(PortalConfig config) throws Exception {
        portal = Portal.create(ports.ports(), config, clock, new SecureRandom());
        for (Zone z : Zone.values()) {
            Server s = new Server();
            LocalConnector c = new LocalConnector(s, new HttpConnectionFactory(Portal.httpConfiguration()));
            s.addConnector(c);
            s.setHandler(portal.handler(z));
            s.setErrorHandler(Portal.errorHandler());
            s.start();
            servers.put(z, s);
            connectors.put(z, c);
        }
    }

    LocalPortals() throws Exception {
        this(PortalConfig.DEFAULTS);
    }

    /** Sends raw request bytes to a zone's portal and parses the answer. */
    HttpTester.Response raw(Zone zone, String request) throws Exception {
        java.nio.ByteBuffer answer =
                connectors.get(zone).getResponse(java.nio.ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
        // A HEAD answer names a length but carries no body.
        return request.startsWith("HEAD ") ? HttpTester.parseHeadResponse(answer) : HttpTester.parseResponse(answer);
    }

    Browser browser(Zone zone) {
        return new Browser(this, zone);
    }

    @Override
    public void close() throws Exception {
        for (Server s : servers.values()) {
            s.stop();
        }
    }
}
