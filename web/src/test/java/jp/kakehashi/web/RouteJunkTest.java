package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Junk in every parameter of every route (ISSUE 21 §5, ATTACKS WEB-05): each route, on each zone
 * it exists on, is called by a role it admits with every parameter name any page's form uses set
 * to each hostile value, and with bodies that are not forms or JSON at all. No answer may be a
 * 5xx (the handler logs a stack trace only for those), show a stack trace, or echo markup
 * unescaped.
 */
class RouteJunkTest {
    private static final Pattern FIELD = Pattern.compile("name=\"([a-z][a-zA-Z0-9_-]{0,40})\"");
    private static final List<String> JUNK = List.of(
            "",
            "'",
            "\"",
            "' OR 1=1--",
            "${7*7}",
            "{{7*7}}",
            "#{7*7}",
            "<%= 7*7 %>",
            "$(id)",
            "`id`",
            "<script>alert(1)</script>",
            "-1",
            "99999999999999999999999",
            "2026-13-45",
            "\u0000",
            "\r\nX-Injected: 1",
            "../../etc/passwd",
            "見積書\u202Eexe.pdf",
            "x".repeat(20_000));
    /** Raw query strings that no form would send: invalid UTF-8, a lone %, overlong dots. */
    private static final List<String> RAW_QUERIES =
            List.of("q=%FF%FE", "q=%", "q=%c0%ae%c0%ae", "=&&=", "a=1&a=2&a=3", "q=%00");

    private static final List<String> RAW_BODIES =
            List.of("{", "[]", "null", "{\"a\":", "\"\\ud800\"", "%FF%FE=%", "\u00ff\u00fe", "a=".repeat(5000));

    private static LocalPortals portals;
    private static final Set<String> fields = new TreeSet<>(Set.of("q", "id", "name", "page", "lang", "csrf"));
    private static String itemId = "";

    @BeforeAll
    static void start() throws Exception {
        portals = new LocalPortals();
        for (Role r : Role.values()) {
            portals.ports.add(r.name().toLowerCase(Locale.ROOT), r, "acme");
        }
        portals.ports.add("target", Role.STAFF, "somu");
        User partner = portals.ports.current("partner").orElseThrow();
        itemId = "0000000000000000000000aa";
        portals.ports.items.add(portals.ports.item(itemId, "見積書.docx", partner, Stage.DELIVERED));
        // Every parameter name any page's form or link uses, read from the pages themselves.
        for (Zone zone : Zone.values()) {
            for (Role role : Role.values()) {
                if (role.zone() != zone) {
                    continue;
                }
                Browser b = signedIn(zone, role);
                for (Route route : portals.portal.routes()) {
                    if (route.method().equals("GET")
                            && route.zones().contains(zone)
                            && route.roles().contains(role)) {
                        Matcher m = FIELD.matcher(b.get(path(route)).getContent());
                        while (m.find()) {
                            fields.add(m.group(1));
                        }
                    }
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        portals.close();
    }

    @Test
    void noRouteAnswersJunkWithAServerErrorAStackTraceOrUnescapedMarkup() throws Exception {
        assertThat(fields).as("parameter names read from the pages").hasSizeGreaterThan(20);
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        int pastTheChecks = 0;
        for (Zone zone : Zone.values()) {
            for (Route route : portals.portal.routes()) {
                if (!route.zones().contains(zone)) {
                    continue;
                }
                Role role = admitted(route, zone);
                // Junk passwords (the account page's current password) count as failed sign-ins;
                // the lock-out they earn is the account page's business, not the next route's.
                portals.ports.failures.clear();
                // A fresh session per route: a junk logout or a junk state change must not spoil the next one.
                Browser b = role == null ? portals.browser(zone) : signedIn(zone, role);
                if (role == null) {
                    b.get("/login");
                }
                Map<String, String> auth = route.access() == Route.Access.TOKEN && role != null
                        ? Map.of("Authorization", "Bearer " + portals.ports.tokenFor(name(role)))
                        : Map.of();
                for (String junk : JUNK) {
                    HttpTester.Response res;
                    if (route.method().equals("GET")) {
                        StringBuilder q = new StringBuilder();
                        for (String f : fields) {
                            q.append(q.isEmpty() ? "?" : "&")
                                    .append(f)
                                    .append('=')
                                    .append(java.net.URLEncoder.encode(junk, java.nio.charset.StandardCharsets.UTF_8));
                        }
                        res = b.send("GET", path(route) + q, auth, "");
                    } else if (route.access() == Route.Access.TOKEN) {
                        String body =
                                "{\"" + String.join("\":" + json(junk) + ",\"", fields) + "\":" + json(junk) + "}";
                        res = b.send(route.method(), path(route), withJson(auth), body);
                    } else {
                        Map<String, String> form = new java.util.LinkedHashMap<>();
                        for (String f : fields) {
                            form.put(f, junk);
                        }
                        form.put("csrf", b.csrf);
                        res = b.post(path(route), form);
                    }
                    requests++;
                    if (route.changesState() && res.getStatus() != 403 && res.getStatus() != 401) {
                        pastTheChecks++;
                    }
                    check(wrong, zone, role, route, "junk " + shortly(junk), res);
                }
                for (String raw : RAW_QUERIES) {
                    HttpTester.Response res = b.send("GET", path(route) + "?" + raw, auth, "");
                    requests++;
                    check(wrong, zone, role, route, "query " + raw, res);
                }
                if (route.changesState()) {
                    for (String raw : RAW_BODIES) {
                        Map<String, String> headers = new java.util.LinkedHashMap<>(withJson(auth));
                        headers.put("X-CSRF-Token", b.csrf);
                        HttpTester.Response res = b.send(route.method(), path(route), headers, raw);
                        requests++;
                        check(wrong, zone, role, route, "body " + shortly(raw), res);
                    }
                }
            }
        }
        assertThat(wrong).as("answers to junk over %d requests", requests).isEmpty();
        assertThat(requests).isGreaterThan(1_000);
        // The junk must reach the actions, not stop at the role and CSRF checks.
        assertThat(pastTheChecks)
                .as("state changes that got past sign-in, role and CSRF")
                .isGreaterThan(300);
    }

    private static void check(
            List<String> wrong, Zone zone, Role role, Route route, String what, HttpTester.Response res) {
        String body = res.getContent() == null ? "" : res.getContent();
        String where = zone.word() + " " + (role == null ? "nobody" : role) + " " + route.method() + " "
                + route.pattern() + " " + what + ": ";
        if (res.getStatus() >= 500) {
            wrong.add(where + res.getStatus() + " " + shortly(body));
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("at jp.kakehashi")) {
            wrong.add(where + "a stack trace: " + shortly(body));
        }
        // JSON carries text as data (served as application/json with nosniff); a page must escape it.
        String type = res.get("Content-Type") == null ? "" : res.get("Content-Type");
        if (type.startsWith("text/html") && body.contains("<script>alert(1)</script>")) {
            wrong.add(where + "markup echoed unescaped");
        }
        if (res.get("X-Injected") != null) {
            wrong.add(where + "a header injected");
        }
    }

    /** A role this route admits on this zone, or null for a public route (or one nobody there may use). */
    private static Role admitted(Route route, Zone zone) {
        for (Role r : Role.values()) {
            if (r.zone() == zone && route.roles().contains(r)) {
                return r;
            }
        }
        return null;
    }

    private static Browser signedIn(Zone zone, Role role) throws Exception {
        Browser b = portals.browser(zone);
        b.signIn(name(role));
        return b;
    }

    private static String name(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static String path(Route route) {
        return route.pattern()
                .replace("{id}", itemId)
                .replace("{name}", "target")
                .replace("{n}", "1")
                .replace("{token}", "x".repeat(43));
    }

    private static Map<String, String> withJson(Map<String, String> auth) {
        Map<String, String> h = new java.util.LinkedHashMap<>(auth);
        h.put("Content-Type", "application/json");
        return h;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String shortly(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
        return one.length() > 60 ? one.substring(0, 60) + "…(" + s.length() + ")" : one;
    }
}
