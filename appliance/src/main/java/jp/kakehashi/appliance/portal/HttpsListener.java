package jp.kakehashi.appliance.portal;

import java.security.KeyStore;
import jp.kakehashi.appliance.net.ConnectionCap;
import jp.kakehashi.web.Portal;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One zone's HTTPS portal: a Jetty server with a single TLS connector bound to that zone's
 * address, HTTP/1.1 only (no HTTP/2 until it is needed, ATTACKS "library floors"), TLS 1.2/1.3,
 * no server version in any header.
 */
public final class HttpsListener implements AutoCloseable {
    /** The cipher suites the portals offer (ISSUE 21 §6: TLS 1.2 AEAD only). */
    static final java.util.List<String> AEAD_SUITES = java.util.List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final long IDLE_TIMEOUT_MS = 30_000;

    private final Zone zone;
    private final Server server;
    private final ServerConnector connector;

    private HttpsListener(Zone zone, Server server, ServerConnector connector) {
        this.zone = zone;
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts listening.
     *
     * @param cap the zone's per-address connection cap for this listener
     * @throws IllegalStateException naming the address and port when it cannot bind
     */
    public static HttpsListener start(
            Zone zone, String address, int port, KeyStore keyStore, char[] password, Portal portal, ConnectionCap cap) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("https-" + zone.word());
        Server server = new Server(threads);
        HttpConfiguration http = Portal.httpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Staff reach the appliance by IP address as often as by name; the certificate names both.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore);
        tls.setKeyStorePassword(new String(password));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // AEAD suites with forward secrecy only: TLS 1.3's own, and for TLS 1.2 ECDHE with AES-GCM
        // or ChaCha20-Poly1305 (RSA kept for a municipality's imported RSA certificate); no CBC.
        tls.setIncludeCipherSuites(AEAD_SUITES.toArray(String[]::new));
        ServerConnector connector =
                new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(address);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.addEventListener(
                new HttpsConnectionGuard(cap, connector.getScheduler(), HttpsConnectionGuard.FIRST_REQUEST_WITHIN));
        server.addConnector(connector);
        server.setHandler(portal.handler(zone));
        server.setErrorHandler(Portal.errorHandler());
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // Already failing; the cause below is what the operator needs.
            }
            throw new IllegalStateException(
                    "cannot start the " + zone.word() + " portal on " + address + ":" + port + ": " + e.getMessage()
                            + " (ポータルを起動できません。アドレスとポートを確認してください)",
                    e);
        }
        return new HttpsListener(zone, server, connector);
    }

    public Zone zone() {
        return zone;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
