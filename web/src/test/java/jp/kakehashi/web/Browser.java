package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;

/** One browser on one zone's portal: keeps its session cookie and the CSRF token of the last page. */
final class Browser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7]+)</code>");

    private final LocalPortals portals;
    final Zone zone;
    String cookie = "";
    String csrf = "";
    String lastBody = "";

    Browser(LocalPortals portals, Zone zone) {
        this.portals = portals;
        this.zone = zone;
    }

    HttpTester.Response get(String path) throws Exception {
        return send("GET", path, Map.of(), "");
    }

    HttpTester.Response post(String path, Map<String, String> form) throws Exception {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.putIfAbsent("csrf", csrf);
        StringBuilder body = new StringBuilder();
        withToken.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send("POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), body.toString());
    }

    HttpTester.Response send(String method, String path, Map<String, String> headers, String body) throws Exception {
        StringBuilder r = new StringBuilder();
        r.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (!cookie.isEmpty()) {
            r.append("Cookie: ")
                    .append(Cookies.name(zone))
                    .append('=')
                    .append(cookie)
                    .append("\r\n");
        }
        headers.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!method.equals("GET")) {
            r.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        r.append("\r\n").append(body);
        HttpTester.Response res = portals.raw(zone, r.toString());
        String set = res.get("Set-Cookie");
        if (set != null && set.startsWith(Cookies.name(zone) + "=")) {
            cookie = set.substring(set.indexOf('=') + 1, set.indexOf(';'));
        }
        lastBody = res.getContent() == null ? "" : res.getContent();
        Matcher m = CSRF.matcher(lastBody);
        if (m.find()) {
            csrf = m.group(1);
        }
        return res;
    }

    /** Signs in through the pages: password, then the TOTP code, enrolling an authenticator the first time. */
    HttpTester.Response signIn(String name) throws Exception {
        portals.clock.advance(Duration.ofSeconds(30)); // a fresh TOTP step: each code is accepted once
        get("/login");
        HttpTester.Response r = post("/login", Map.of("name", name, "password", "correct horse battery"));
        assertThat(r.getStatus()).as("password of " + name).isEqualTo(303);
        String next = r.get("Location");
        if (next.endsWith("/login/enrol")) {
            get("/login/enrol");
            Matcher m = SECRET.matcher(lastBody);
            assertThat(m.find()).as("enrol page shows the secret").isTrue();
            r = post("/login/enrol", Map.of("code", Phone.code(m.group(1), portals.clock)));
        } else if (next.endsWith("/login/totp")) {
            get("/login/totp");
            r = post("/login/totp", Map.of("code", Phone.code(portals.ports.secrets.get(name), portals.clock)));
        }
        assertThat(r.getStatus()).as("sign-in of " + name + ": " + lastBody).isEqualTo(303);
        get(r.get("Location"));
        return r;
    }
}
