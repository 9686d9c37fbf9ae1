package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every route of the route table, on every zone, as nobody and as every role that can sign
 * in there, and expects exactly what the table allows (DESIGN §7, ATTACKS WEB-01 route
 * inventory, AUTH-03). Every answer must carry the security headers.
 */
class AuthorizationMatrixTest {
    private static LocalPortals portals;
    private static String itemId;

    @BeforeAll
    static void start() throws Exception {
        portals = new LocalPortals();
        for (Role r : Role.values()) {
            portals.ports.add(r.name().toLowerCase(java.util.Locale.ROOT), r, "acme");
        }
        // The account the administrators' routes act on (disabled, reset ...) while the matrix runs.
        portals.ports.add("target", Role.STAFF, "somu");
        User partner = portals.ports.current("partner").orElseThrow();
        itemId = "0000000000000000000000aa";
        portals.ports.items.add(portals.ports.item(itemId, "見積書.docx", partner, Stage.DELIVERED));
    }

    @AfterAll
    static void stop() throws Exception {
        portals.close();
    }

    @Test
    void everyRouteOnEveryZoneAnswersExactlyTheRolesItNames() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Zone zone : Zone.values()) {
            List<Optional<Role>> principals = new ArrayList<>();
            principals.add(Optional.empty());
            for (Role r : Role.values()) {
                if (r.zone() == zone) {
                    principals.add(Optional.of(r));
                }
            }
            for (Route route : portals.portal.routes()) {
                for (Optional<Role> who : principals) {
                    Browser b = portals.browser(zone);
                    if (who.isPresent()) {
                        b.signIn(who.get().name().toLowerCase(java.util.Locale.ROOT));
                    } else {
                        b.get("/login");
                    }
                    String path = route.pattern()
                            .replace("{id}", itemId)
                            .replace("{name}", "target")
                            .replace("{n}", "1")
                            .replace("{token}", "x".repeat(43));
                    HttpTester.Response res = route.method().equals("GET")
                            ? b.get(path)
                            : b.send(route.method(), path, Map.of("X-CSRF-Token", b.csrf), "");
                    SecurityHeadersAssert.on(res, route.method() + " " + path);
                    String outcome = outcome(route.method(), res);
                    String expected = expected(route, zone, who);
                    if (!matches(expected, outcome)) {
                        wrong.add(zone.word() + " " + who.map(Role::name).orElse("nobody") + " " + route.method()
                                + " " + route.pattern() + ": expected " + expected + ", got " + outcome + " ("
                                + res.getStatus() + ")");
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * absent (404: the route does not exist on this zone), sign-in (sent to the login page),
     * forbidden (403), allowed; "reachable" for the public sign-in pages, whose own answers
     * include going back to the login page.
     */
    private static String expected(Route route, Zone zone, Optional<Role> who) {
        if (!route.zones().contains(zone)) {
            return "absent";
        }
        return switch (route.access()) {
            case PUBLIC -> "reachable";
            // The principals here are nobody or fully signed in; neither is half-way through sign-in.
            case SIGNING_IN -> "sign-in";
            case SIGNED_IN -> {
                if (who.isEmpty()) {
                    yield "sign-in";
                }
                yield route.roles().contains(who.get()) ? "allowed" : "forbidden";
            }
            // A session cookie never opens the API: only a token does (walked below).
            case TOKEN -> "sign-in";
        };
    }

    @Test
    void everyApiRouteOnEveryZoneAnswersExactlyTheRolesItNamesToTheirTokens() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Zone zone : Zone.values()) {
            for (Route route : portals.portal.routes()) {
                if (route.access() != Route.Access.TOKEN) {
                    continue;
                }
                String path = route.pattern().replace("{id}", itemId);
                for (Role r : Role.values()) {
                    String token = portals.ports.tokenFor(r.name().toLowerCase(java.util.Locale.ROOT));
                    HttpTester.Response res = portals.browser(zone)
                            .send(route.method(), path, Map.of("Authorization", "Bearer " + token), "");
                    SecurityHeadersAssert.on(res, route.method() + " " + path);
                    String expected = !route.zones().contains(zone)
                            ? "absent"
                            : r.zone() != zone ? "sign-in" : route.roles().contains(r) ? "allowed" : "forbidden";
                    String outcome = outcome(route.method(), res);
                    if (!matches(expected, outcome)) {
                        wrong.add(zone.word() + " " + r + " token " + route.method() + " " + route.pattern()
                                + ": expected " + expected + ", got " + outcome + " (" + res.getStatus() + ")");
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * A HEAD answer has no body, so a missing route's 404 cannot be told from the 404 of a route
     * that exists but names no such object: either is what was expected.
     */
    private static String outcome(String method, HttpTester.Response res) {
        return method.equals("HEAD") && res.getStatus() == 404 ? "absent or allowed" : outcome(res);
    }

    private static boolean matches(String expected, String outcome) {
        return expected.equals(outcome)
                || (outcome.equals("absent or allowed") && (expected.equals("absent") || expected.equals("allowed")))
                || (expected.equals("reachable") && !outcome.equals("absent") && !outcome.equals("forbidden"));
    }

    private static String outcome(HttpTester.Response res) {
        int s = res.getStatus();
        if (s == 404 && res.getContent().contains("ページが見つかりません")) {
            // A missing route; a missing file on a route that exists says ファイルが見つかりません.
            return "absent";
        }
        if (s == 401 || (s == 303 && "/login".equals(res.get("Location")))) {
            return "sign-in";
        }
        if (s == 403) {
            return "forbidden";
        }
        return "allowed";
    }
}
