package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.ScanOutcome;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** ATTACKS SFTP-03/04 and F-03: transport hardening, no channel but sftp, and clamd's limits never read as clean. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransportIT {
    @TempDir
    static Path tmp;

    Clamd clamd;
    Appliance appliance;

    @BeforeAll
    void start() throws Exception {
        clamd = Clamd.start(tmp.resolve("clamd"), 1L << 20);
        appliance = ApplianceHarness.start(tmp.resolve("data"), clamd.tcpAddress(), StageHook.NONE);
        ApplianceHarness.addAccounts(appliance);
    }

    @AfterAll
    void stop() throws Exception {
        appliance.close();
        clamd.close();
    }

    @Test
    void aClientOfferingOnlyCbcOrSha1IsRefusedAtKeyExchange() throws Exception {
        assertThat(connects(List.of(BuiltinCiphers.aes128cbc), null)).isFalse();
        assertThat(connects(null, List.of(BuiltinMacs.hmacsha1))).isFalse();
        assertThat(connects(List.of(BuiltinCiphers.aes128gcm), null)).isTrue();
    }

    @Test
    void anHttpsClientOfferingOnlyCbcSuitesIsRefusedAtTheHandshake() throws Exception {
        int https = appliance.httpsPort(Zone.INTERNET);
        assertThat(handshake(
                        https,
                        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"))
                .as("TLS 1.2 with CBC only: the server, not our client, ends the handshake")
                .contains("Received fatal alert: handshake_failure");
        assertThat(handshake(https, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                .as("TLS 1.2 with an AEAD suite")
                .endsWith("_AES_128_GCM_SHA256");
    }

    /** The suite agreed with a TLS 1.2 client offering only {@code suites}, or why the handshake failed. */
    private static String handshake(int port, String... suites) throws Exception {
        javax.net.ssl.SSLContext tls = PortalClient.trustingTls(tmp.resolve("data"));
        try (javax.net.ssl.SSLSocket socket =
                (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(suites);
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        } catch (javax.net.ssl.SSLException e) {
            return "refused: " + e.getMessage();
        }
    }

    @Test
    void execAndShellRequestsGetAnSftpOnlyAnswerAndAClosedChannel() throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect("acme-user", "127.0.0.1", appliance.sftpPort(Zone.INTERNET))
                .verify(Duration.ofSeconds(10))
                .getSession()) {
            session.addPublicKeyIdentity(ApplianceHarness.KEY);
            session.auth().verify(Duration.ofSeconds(20));
            for (ClientChannel channel :
                    List.<ClientChannel>of(session.createExecChannel("id"), session.createShellChannel())) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                channel.setOut(out);
                channel.setErr(out);
                boolean opened;
                try {
                    channel.open().verify(Duration.ofSeconds(10));
                    opened = true;
                } catch (IOException e) {
                    opened = false;
                }
                var events = channel.waitFor(java.util.EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(10));
                assertThat(opened).isTrue();
                assertThat(events).as("the server closes the channel").contains(ClientChannelEvent.CLOSED);
                assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                        .contains("SFTP connections only")
                        .doesNotContain("uid=");
                assertThat(channel.getExitStatus()).isEqualTo(1);
            }
        } finally {
            client.stop();
        }
    }

    @Test
    void clamdsStreamLimitIsNeverReadAsClean() {
        byte[] twoMiB = new byte[2 << 20];
        // The client believes clamd takes more than it does: clamd's own refusal must surface as unscannable.
        ClamdClient optimistic =
                ClamdClient.create(ClamdClient.address(clamd.tcpAddress()), Duration.ofSeconds(30), 1L << 30);
        assertThat(optimistic.scan(new ByteArrayInputStream(twoMiB))).isInstanceOf(ScanOutcome.Unscannable.class);
        // Configured with clamd's limit, the client refuses before sending.
        ClamdClient configured =
                ClamdClient.create(ClamdClient.address(clamd.tcpAddress()), Duration.ofSeconds(30), 1L << 20);
        assertThat(configured.scan(new ByteArrayInputStream(twoMiB)))
                .isInstanceOfSatisfying(
                        ScanOutcome.Unscannable.class,
                        u -> assertThat(u.clamdReply()).contains("limit"));
        assertThat(configured.scan(new ByteArrayInputStream("small and clean".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ScanOutcome.Clean.class);
        assertThat(ClamdClient.create(ClamdClient.address(clamd.unixAddress()), Duration.ofSeconds(30), 1L << 20)
                        .scan(new ByteArrayInputStream(Clamd.eicar())))
                .isInstanceOfSatisfying(
                        ScanOutcome.Infected.class,
                        i -> assertThat(i.signature()).startsWith(Clamd.SIGNATURE));
    }

    /**
     * ATTACKS F-03: a small archive whose content is larger than clamd's {@code MaxFileSize} makes
     * clamd answer {@code Heuristics.Limits.Exceeded... FOUND}: not a virus, not clean either.
     */
    @Test
    void clamdsHeuristicLimitReplyIsNeverReadAsClean() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("zeros.bin"));
            out.write(new byte[3 << 20]);
            out.closeEntry();
        }
        assertThat(zip.size())
                .as("the archive itself is within the stream limit")
                .isLessThan(1 << 20);
        ClamdClient client =
                ClamdClient.create(ClamdClient.address(clamd.tcpAddress()), Duration.ofSeconds(30), 1L << 20);
        assertThat(client.scan(new ByteArrayInputStream(zip.toByteArray())))
                .isInstanceOfSatisfying(
                        ScanOutcome.Unscannable.class,
                        u -> assertThat(u.clamdReply()).contains("Heuristics.Limits.Exceeded"));
    }

    @Test
    void aFileLargerThanTheScannerTakesIsQuarantinedNotPublished() throws Exception {
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            EndToEndIT.put(
                    partner.sftp(), "/to-city/大きすぎる.txt", "あ".repeat(1 << 20).getBytes(StandardCharsets.UTF_8));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        var item = appliance.items().bySender("acme-user").stream()
                .filter(i -> i.name().equals("大きすぎる.txt"))
                .findFirst()
                .orElseThrow();
        while (!item.state().terminal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            item = appliance.items().find(item.id()).orElseThrow();
        }
        assertThat(item.state().name()).isEqualTo("QUARANTINED");
        assertThat(item.reasonCode()).isEqualTo("SCAN_LIMIT");
    }

    private boolean connects(List<BuiltinCiphers> ciphers, List<BuiltinMacs> macs) throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        if (ciphers != null) {
            client.setCipherFactories(
                    ciphers.stream().map(c -> (NamedFactory<Cipher>) c).toList());
        }
        if (macs != null) {
            client.setCipherFactories(List.of(BuiltinCiphers.aes128ctr));
            client.setMacFactories(macs.stream()
                    .map(m -> (NamedFactory<org.apache.sshd.common.mac.Mac>) m)
                    .toList());
        }
        client.start();
        try (ClientSession session = client.connect("acme-user", "127.0.0.1", appliance.sftpPort(Zone.INTERNET))
                .verify(Duration.ofSeconds(10))
                .getSession()) {
            session.addPublicKeyIdentity(ApplianceHarness.KEY);
            session.auth().verify(Duration.ofSeconds(20));
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            client.stop();
        }
    }
}
