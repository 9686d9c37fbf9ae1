package jp.kakehashi.image;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * A person at a desk in one segment: a JVM started in that segment's client namespace, taking one
 * command a line on standard input and answering with lines ending in {@code .}. It has its own SSH
 * key (printed by {@code key}), probes listeners, and uses SFTP like WinSCP would.
 */
public final class ClientMain {
    private ClientMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, UTF_8);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, serverKey) -> true);
        ssh.start();
        ClientSession session = null;
        SftpClient sftp = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.split("\t");
            try {
                switch (w[0]) {
                    case "key" -> out.println(PublicKeyEntry.toString(key.getPublic()));
                    case "probe" -> out.println(probe(w[1], Integer.parseInt(w[2]), w[3]));
                    case "login" -> {
                        session = ssh.connect(w[3], w[1], Integer.parseInt(w[2]))
                                .verify(Duration.ofSeconds(10))
                                .getSession();
                        session.addPublicKeyIdentity(key);
                        session.auth().verify(Duration.ofSeconds(20));
                        sftp = SftpClientFactory.instance().createSftpClient(session);
                        out.println("ok");
                    }
                    case "put" -> {
                        try (OutputStream o = sftp(sftp).write(w[2])) {
                            Files.copy(Path.of(w[1]), o);
                        }
                        out.println("ok");
                    }
                    case "get" -> {
                        try (InputStream i = sftp(sftp).read(w[1])) {
                            Files.copy(i, Path.of(w[2]), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                        out.println("ok");
                    }
                    case "ls" -> {
                        List<String> names = new ArrayList<>();
                        for (SftpClient.DirEntry e : sftp(sftp).readDir(w[1])) {
                            if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                                names.add(e.getFilename());
                            }
                        }
                        names.forEach(out::println);
                    }
                    case "quit" -> {
                        if (session != null) {
                            session.close();
                        }
                        ssh.stop();
                        out.println(".");
                        return;
                    }
                    default -> out.println("error unknown command " + w[0]);
                }
            } catch (Exception e) {
                out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.println(".");
        }
    }

    private static SftpClient sftp(SftpClient sftp) {
        if (sftp == null) {
            throw new IllegalStateException("not logged in");
        }
        return sftp;
    }

    /** {@code open SSH-2.0-…}, {@code open TLS HTTP/1.1 200} or {@code closed <why>}. */
    static String probe(String host, int port, String kind) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1500);
            s.setSoTimeout(3000);
            if (kind.equals("ssh")) {
                byte[] banner = new byte[64];
                int n = s.getInputStream().read(banner);
                return n > 0
                        ? "open "
                                + new String(banner, 0, n, UTF_8)
                                        .lines()
                                        .findFirst()
                                        .orElse("")
                        : "open (no banner)";
            }
            if (kind.equals("https")) {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {new TrustAny()}, new SecureRandom());
                try (SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true)) {
                    t.startHandshake();
                    t.getOutputStream()
                            .write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                                    .getBytes(UTF_8));
                    String status = new BufferedReader(new InputStreamReader(t.getInputStream(), UTF_8)).readLine();
                    return "open TLS " + status;
                }
            }
            return "open";
        } catch (Exception e) {
            return "closed " + e.getClass().getSimpleName();
        }
    }

    /** The appliance's self-signed certificate: this probe asks whether TLS answers, not whom to trust. */
    private static final class TrustAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
