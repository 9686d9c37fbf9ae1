package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ISSUE 21 §6: one address cannot hold every connection a listener has (1,500 TLS connections
 * were held from one address), and a client that never finishes its first request's headers is
 * closed however slowly it trickles bytes. Raw sockets and a real TLS client against the real
 * listeners; the cap is set to 3 here (64 by default).
 */
class ConnectionLimitsIT {
    private static final int CAP = 3;

    @TempDir
    Path tmp;

    @Test
    void oneAddressGetsNoMoreThanItsShareOfEitherListenerAndSlowHeadersAreCut() throws Exception {
        Path data = tmp.resolve("data");
        try (Appliance appliance = start(data)) {
            ApplianceHarness.addAccounts(appliance);
            int https = appliance.httpsPort(Zone.INTERNET);
            int sftp = appliance.sftpPort(Zone.INTERNET);

            for (int port : List.of(https, sftp)) {
                List<Socket> held = new ArrayList<>();
                try {
                    for (int i = 0; i < CAP; i++) {
                        held.add(connect(port));
                    }
                    Thread.sleep(300);
                    try (Socket extra = connect(port)) {
                        assertThat(closedByServer(extra))
                                .as("connection %d from one address to port %d", CAP + 1, port)
                                .isTrue();
                    }
                    assertThat(closedByServer(held.get(0)))
                            .as("the first connections stay open")
                            .isFalse();
                } finally {
                    for (Socket s : held) {
                        s.close();
                    }
                }
                Thread.sleep(300);
                try (Socket again = connect(port)) {
                    assertThat(closedByServer(again))
                            .as("a closed connection frees its place")
                            .isFalse();
                }
            }

            // Slowloris: a TLS client that sends its headers a byte every few seconds, never ending them.
            Instant begun = Instant.now();
            try (SSLSocket slow = (SSLSocket)
                    PortalClient.trustingTls(data).getSocketFactory().createSocket()) {
                slow.connect(new InetSocketAddress("127.0.0.1", https), 10_000);
                slow.startHandshake();
                OutputStream out = slow.getOutputStream();
                out.write("GET /login HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                boolean cut = false;
                for (int i = 0; i < 15 && !cut; i++) {
                    Thread.sleep(3_000);
                    try {
                        out.write('X');
                        out.flush();
                        slow.setSoTimeout(50);
                        cut = slow.getInputStream().read() == -1;
                    } catch (SocketTimeoutException stillOpen) {
                        // still open; trickle on
                    } catch (IOException closed) {
                        cut = true;
                    }
                }
                assertThat(cut).as("a request whose headers never end is cut").isTrue();
                assertThat(Duration.between(begun, Instant.now()))
                        .isLessThan(Duration.ofSeconds(35))
                        .isGreaterThan(Duration.ofSeconds(15));
            }
        }
        List<String> refused = AuditLog.readRecords(data.resolve("audit")).stream()
                .filter(r -> r.path("type").asText().equals("CONNECTION_REFUSED"))
                .map(r -> r.path("zone").asText() + " "
                        + r.path("data").path("protocol").asText() + " "
                        + r.path("data").path("reason").asText() + " "
                        + r.path("data").path("from").asText())
                .toList();
        assertThat(refused)
                .contains(
                        "internet https CONNECTIONS_PER_ADDRESS 127.0.0.1",
                        "internet sftp CONNECTIONS_PER_ADDRESS 127.0.0.1",
                        "internet https NO_REQUEST_IN_TIME 127.0.0.1");
    }

    private Appliance start(Path data) {
        ApplianceConfig c = ApplianceHarness.config(data, "unix:" + tmp.resolve("no-clamd.sock"));
        Map<Zone, ApplianceConfig.Listener> listeners = new EnumMap<>(Zone.class);
        for (Zone z : Zone.values()) {
            listeners.put(z, new ApplianceConfig.Listener("127.0.0.1", 0, 0, CAP));
        }
        return Appliance.start(
                new ApplianceConfig(
                        c.dataDir(),
                        listeners,
                        c.clamd(),
                        c.scanTimeout(),
                        c.streamMaxLength(),
                        c.workers(),
                        c.sanitizerWorkers(),
                        c.policyFile(),
                        c.signIn()),
                Clock.systemUTC(),
                new SecureRandom(),
                StageHook.NONE);
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    /**
     * True when the server has closed {@code socket} within two seconds. An SSH server first sends
     * its banner, which is read past; a TLS server sends nothing until the client speaks.
     */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(2_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256];
        try {
            while (true) {
                if (in.read(buffer) == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
