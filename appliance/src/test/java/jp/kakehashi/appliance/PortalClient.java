package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.kakehashi.appliance.portal.TlsCertificate;

/** A browser's worth of state over java.net.http: the session cookie and the page's CSRF token. */
final class PortalClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7]+)</code>");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]+)\"");
    private static final Pattern STAGE = Pattern.compile("\"stage\":\"([A-Z_]+)\"");

    /** The authenticator secret each account enrolled through a portal in this JVM, by account name. */
    static final Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpClient http;
    private final String base;
    private String cookie = "";
    private String csrf = "";

    PortalClient(HttpClient http, int port) {
        this.http = http;
        this.base = "https://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) throws Exception {
        return remember(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<byte[]> download(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        return r;
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder("csrf=" + csrf);
        form.forEach(
                (k, v) -> body.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return remember(http.send(
                request(path)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** A form whose answer is a file (a share link's download); any status is returned. */
    HttpResponse<byte[]> postForFile(String path, Map<String, String> form) throws Exception {
        return postForFile(path, form, csrf);
    }

    /** The same, with the CSRF token given, as a forged cross-site form would send it. */
    HttpResponse<byte[]> postForFile(String path, Map<String, String> form, String token) throws Exception {
        StringBuilder body = new StringBuilder("csrf=" + token);
        form.forEach(
                (k, v) -> body.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(
                request(path)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Signs in (enrolling an authenticator where the role needs one); returns the landing page. */
    String signIn(String name) throws Exception {
        return signIn(name, ApplianceHarness.PASSWORD);
    }

    String signIn(String name, String password) throws Exception {
        get("/login");
        HttpResponse<String> r = post("/login", Map.of("name", name, "password", password));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String next = r.headers().firstValue("Location").orElseThrow();
        if (next.equals("/login/enrol")) {
            Matcher m = SECRET.matcher(get(next).body());
            assertThat(m.find()).isTrue();
            HttpResponse<byte[]> qr =
                    http.send(request("/login/enrol/qr.png").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(qr.headers().firstValue("Content-Type")).contains("image/png");
            SECRETS.put(name, m.group(1));
            r = post(next, Map.of("code", Authenticator.fresh(m.group(1))));
            next = r.headers().firstValue("Location").orElseThrow();
        } else if (next.equals("/login/totp")) {
            get(next);
            String secret = SECRETS.get(name);
            assertThat(secret)
                    .as("the authenticator " + name + " enrolled in this JVM")
                    .isNotNull();
            r = post(next, Map.of("code", Authenticator.fresh(secret)));
            next = r.headers().firstValue("Location").orElseThrow();
        }
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("Secure", "HttpOnly", "SameSite=Strict");
        get(next);
        return next;
    }

    /** Streams one file as the send page's script does; returns the new item's id. */
    String upload(String name, String to, byte[] bytes) throws Exception {
        HttpResponse<String> r = http.send(
                request("/upload")
                        .header("X-CSRF-Token", csrf)
                        .header("X-File-Name", URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .header("X-Destination", to)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> (InputStream) new ByteArrayInputStream(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Matcher m = ID.matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Streams a shared-folder file as the folder page's script does; any answer is returned. */
    HttpResponse<String> uploadVersion(long folder, String name, java.util.OptionalInt basedOn, byte[] bytes)
            throws Exception {
        HttpRequest.Builder b = request("/folders/" + folder + "/upload")
                .header("X-CSRF-Token", csrf)
                .header("X-File-Name", URLEncoder.encode(name, StandardCharsets.UTF_8));
        basedOn.ifPresent(n -> b.header("X-Based-On", String.valueOf(n)));
        return http.send(
                b.POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the item's status as the send page does, until the appliance stops working on it. */
    String awaitStage(String id) throws Exception {
        return awaitStage(id, "");
    }

    /** Polls until the item reaches {@code wanted} (or, when it is empty, any stage but work in progress). */
    String awaitStage(String id, String wanted) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        String stage = "";
        while (Instant.now().isBefore(deadline)) {
            Matcher m = STAGE.matcher(get("/items/" + id + "/status").body());
            stage = m.find() ? m.group(1) : "";
            boolean settled = wanted.isEmpty()
                    ? !List.of("RECEIVED", "CHECKING", "SANITIZED").contains(stage)
                    : stage.equals(wanted);
            if (settled) {
                return stage;
            }
            Thread.sleep(200);
        }
        return stage;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    private <T> HttpResponse<T> remember(HttpResponse<T> r) {
        r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
        if (r.body() instanceof String s) {
            Matcher m = CSRF.matcher(s);
            if (m.find()) {
                csrf = m.group(1);
            }
        }
        return r;
    }

    /** A client that trusts the appliance's own certificate, read from its data directory. */
    static HttpClient trusting(Path data) throws Exception {
        return HttpClient.newBuilder()
                .sslContext(trustingTls(data))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A TLS context that trusts the appliance's own certificate under {@code data} and nothing else. */
    static SSLContext trustingTls(Path data) throws Exception {
        KeyStore ks = TlsCertificate.loadOrGenerate(
                data.resolve("keys/tls.p12"), data.resolve("keys/tls.p12.password"), List.of(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("kakehashi", ks.getCertificate("kakehashi"));
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }
}
