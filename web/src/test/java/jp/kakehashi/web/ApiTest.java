package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON API: tokens only (never cookies), each on its own zone, documented route by route. */
class ApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalPortals portals;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        portals.ports.add("acme-sato", Role.PARTNER, "acme");
        portals.ports.add("tanaka", Role.STAFF, "somu");
        portals.ports.add("suzuki", Role.STAFF, "somu");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void aTokenMadeOnThePortalSendsAFileAndFollowsIt() throws Exception {
        Browser b = portals.browser(Zone.INTERNET);
        b.signIn("acme-sato");
        HttpTester.Response made = b.post("/tokens", Map.of("label", "会計システム", "days", "30"));
        Matcher m = Pattern.compile("id=\"token\">([^<]+)<").matcher(made.getContent());
        assertThat(m.find()).isTrue();
        String token = m.group(1);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);

        JsonNode me = json(api(Zone.INTERNET, "GET", "/api/v1/me", auth, ""));
        assertThat(me.path("name").asText()).isEqualTo("acme-sato");
        assertThat(me.path("zone").asText()).isEqualTo("internet");
        Map<String, String> upload = Map.of(
                "Authorization", "Bearer " + token,
                "X-File-Name", "%E8%A6%8B%E7%A9%8D%E6%9B%B8.pdf",
                "X-Destination", "city",
                "X-Subject", "%E8%A6%8B%E7%A9%8D%E3%82%8A",
                "X-Message", "%E3%81%94%E7%A2%BA%E8%AA%8D%E3%81%8F%E3%81%A0%E3%81%95%E3%81%84");
        HttpTester.Response sent = api(Zone.INTERNET, "POST", "/api/v1/files", upload, "%PDF-1.7");
        assertThat(sent.getStatus()).isEqualTo(201);
        assertThat(portals.ports.events).as("the note goes with the file").contains("note 見積書.pdf: 見積り / ご確認ください");
        String id = json(sent).path("id").asText();
        assertThat(json(api(Zone.INTERNET, "GET", "/api/v1/files/" + id, auth, ""))
                        .path("name")
                        .asText())
                .isEqualTo("見積書.pdf");
        assertThat(json(api(Zone.INTERNET, "GET", "/api/v1/sent", auth, ""))).hasSize(1);

        assertThat(b.get("/tokens").getContent()).contains("会計システム").doesNotContain(token);
        HttpTester.Response revoked = b.post("/tokens/1/revoke", Map.of());
        assertThat(revoked.get("Location")).isEqualTo("/tokens?revoked=1");
        assertThat(api(Zone.INTERNET, "GET", "/api/v1/me", auth, "").getStatus())
                .isEqualTo(401);
    }

    @Test
    void withoutAValidTokenOfThisZoneTheApiSaysSoAndACookieDoesNotCount() throws Exception {
        HttpTester.Response none = api(Zone.LGWAN, "GET", "/api/v1/me", Map.of(), "");
        assertThat(none.getStatus()).isEqualTo(401);
        assertThat(none.get("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(json(none).path("code").asText()).isEqualTo("TOKEN_REQUIRED");

        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        assertThat(staff.get("/api/v1/me").getStatus())
                .as("a signed-in browser's cookie")
                .isEqualTo(401);
        assertThat(staff.send("POST", "/api/v1/files", Map.of("X-CSRF-Token", staff.csrf), "x")
                        .getStatus())
                .as("nor its CSRF token")
                .isEqualTo(401);

        String partnerToken = portals.ports.tokenFor("acme-sato");
        assertThat(api(Zone.LGWAN, "GET", "/api/v1/me", Map.of("Authorization", "Bearer " + partnerToken), "")
                        .getStatus())
                .as("a partner's token on the LGWAN portal")
                .isEqualTo(401);
        HttpTester.Response forbidden = api(
                Zone.LGWAN,
                "GET",
                "/api/v1/audit",
                Map.of("Authorization", "Bearer " + portals.ports.tokenFor("tanaka")),
                "");
        assertThat(forbidden.getStatus()).isEqualTo(403);
        assertThat(json(forbidden).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(api(Zone.LGWAN, "GET", "/api/v1/me", Map.of("Authorization", "Basic dGFuYWth"), "")
                        .getStatus())
                .isEqualTo(401);
    }

    @Test
    void anApproverDecidesWithAJsonBody() throws Exception {
        User tanaka = portals.ports.current("tanaka").orElseThrow();
        ItemView report = portals.ports.item("00000000000000000000000b", "報告書.docx", tanaka, Stage.AWAITING_APPROVAL);
        portals.ports.approval(7, report, "suzuki");
        Map<String, String> auth = Map.of(
                "Authorization", "Bearer " + portals.ports.tokenFor("suzuki"), "Content-Type", "application/json");
        JsonNode queue = json(api(Zone.LGWAN, "GET", "/api/v1/approvals", auth, ""));
        assertThat(queue.get(0).path("sha256").asText()).isEqualTo("ab".repeat(32));
        HttpTester.Response wrong = api(
                Zone.LGWAN, "POST", "/api/v1/approvals/7/approve", auth, "{\"sha256\":\"" + "cd".repeat(32) + "\"}");
        assertThat(wrong.getStatus()).isEqualTo(409);
        assertThat(json(wrong).path("code").asText()).isEqualTo("CHANGED_SINCE_REVIEW");
        HttpTester.Response ok = api(
                Zone.LGWAN,
                "POST",
                "/api/v1/approvals/7/approve",
                auth,
                "{\"sha256\":\"" + "ab".repeat(32) + "\",\"comment\":\"確認しました\"}");
        assertThat(json(ok).path("complete").asBoolean()).isTrue();
        assertThat(portals.ports.decisions).containsExactly("approved 7 by suzuki: 確認しました");
    }

    @Test
    void malformedJsonAndAQueryThatIsNotUtf8AreTheSendersMistakeNeverAnIncident() throws Exception {
        User tanaka = portals.ports.current("tanaka").orElseThrow();
        ItemView report = portals.ports.item("00000000000000000000000c", "報告書.docx", tanaka, Stage.AWAITING_APPROVAL);
        portals.ports.approval(8, report, "suzuki");
        Map<String, String> auth = Map.of(
                "Authorization", "Bearer " + portals.ports.tokenFor("suzuki"), "Content-Type", "application/json");
        for (String body : List.of("{\"sha256\":", "[\"sha256\"]", "\"text\"", "{\"sha256\": nope}")) {
            HttpTester.Response bad = api(Zone.LGWAN, "POST", "/api/v1/approvals/8/approve", auth, body);
            assertThat(bad.getStatus()).as(body).isEqualTo(400);
            assertThat(json(bad).path("code").asText()).isEqualTo("BAD_BODY");
            assertThat(json(bad).path("ja").asText()).isEqualTo("要求の形式が正しくありません。");
        }
        assertThat(portals.ports.decisions).isEmpty();
        HttpTester.Response notUtf8 = api(Zone.LGWAN, "GET", "/api/v1/search?q=%FF%FE", auth, "");
        assertThat(notUtf8.getStatus()).isEqualTo(400);
        assertThat(notUtf8.getContent()).doesNotContain("incident", "Exception");
        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        HttpTester.Response page = staff.get("/search?q=%FF%FE");
        assertThat(page.getStatus()).isEqualTo(400);
        assertThat(staff.lastBody).contains("要求の形式が正しくありません").doesNotContain("Exception");
    }

    @Test
    void openApiDocumentsEveryApiRouteWithItsMethod() throws Exception {
        HttpTester.Response doc = portals.browser(Zone.MYNUMBER).get("/api/v1/openapi.json");
        assertThat(doc.getStatus()).isEqualTo(200);
        JsonNode paths = json(doc).path("paths");
        List<String> missing = new ArrayList<>();
        for (Route r : portals.portal.routes()) {
            if (r.pattern().startsWith(ApiRoutes.BASE)
                    && paths.path(r.pattern())
                            .path(r.method().toLowerCase(Locale.ROOT))
                            .isMissingNode()) {
                missing.add(r.method() + " " + r.pattern());
            }
        }
        assertThat(missing).as("routes the OpenAPI document does not describe").isEmpty();
        List<String> extra = new ArrayList<>();
        paths.fieldNames().forEachRemaining(p -> {
            if (portals.portal.routes().stream().noneMatch(r -> r.pattern().equals(p))) {
                extra.add(p);
            }
        });
        assertThat(extra).as("documented paths with no route").isEmpty();
    }

    @Test
    void theReportIsAskedForByMonthOrByFiscalYear() throws Exception {
        portals.ports.add("yamada", Role.OFFICER, "joho");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + portals.ports.tokenFor("yamada"));
        HttpTester.Response year = api(Zone.LGWAN, "GET", "/api/v1/report?year=2025", auth, "");
        assertThat(year.getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(year.getContent()).path("from").asText()).isEqualTo("2025-04-01");
        assertThat(portals.ports.reportsAsked).containsExactly("2025-04-01..2026-03-31");
        HttpTester.Response bad = api(Zone.LGWAN, "GET", "/api/v1/report?year=1999", auth, "");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(bad.getContent()).path("code").asText()).isEqualTo("BAD_YEAR");
        assertThat(JSON.readTree(api(Zone.LGWAN, "GET", "/api/v1/report?month=2026-13", auth, "")
                                .getContent())
                        .path("code")
                        .asText())
                .isEqualTo("BAD_MONTH");
    }

    @Test
    void aTokenNeedsALabelAndALifetimeWithinAYear() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("tanaka");
        assertThat(b.post("/tokens", Map.of("label", "", "days", "30")).getContent())
                .contains("用途を100文字以内");
        assertThat(b.post("/tokens", Map.of("label", "x", "days", "366")).getContent())
                .contains("1から365");
        assertThat(b.post("/tokens", Map.of("label", "x", "days", "-1")).getStatus())
                .isEqualTo(400);
        assertThat(b.post("/tokens/99/revoke", Map.of()).getStatus()).isEqualTo(404);
    }

    @Test
    void aFullDiskIsA507WithTheReasonBeforeOrDuringTheUpload() throws Exception {
        Map<String, String> upload = Map.of(
                "Authorization", "Bearer " + portals.ports.tokenFor("acme-sato"),
                "X-File-Name", "report.txt",
                "X-Destination", "city");
        portals.ports.diskLeft = 10;
        HttpTester.Response stopped = api(Zone.INTERNET, "POST", "/api/v1/files", upload, "x".repeat(100));
        assertThat(stopped.getStatus()).as("stopped part-way").isEqualTo(507);
        assertThat(json(stopped).path("code").asText()).isEqualTo("DISK_FULL");
        assertThat(json(stopped).path("ja").asText()).isEqualTo("空き容量が不足しています");
        assertThat(portals.ports.events).contains("aborted report.txt");
        portals.ports.diskLeft = 0;
        HttpTester.Response refused = api(Zone.INTERNET, "POST", "/api/v1/files", upload, "x");
        assertThat(refused.getStatus()).as("refused at the start").isEqualTo(507);
        assertThat(json(refused).path("en").asText()).isEqualTo("the disk is full");
        assertThat(portals.ports.items).isEmpty();
    }

    private HttpTester.Response api(Zone zone, String method, String path, Map<String, String> headers, String body)
            throws Exception {
        return portals.browser(zone).send(method, path, headers, body);
    }

    private static JsonNode json(HttpTester.Response r) throws Exception {
        return JSON.readTree(r.getContent());
    }
}
