package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ポリシー管理: lint without recording, nothing typed lost, four eyes on the page and in the API. */
class PolicyPagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalPortals portals;
    private Browser kanri;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        portals.ports.add("kanri", Role.ADMIN, "joho");
        portals.ports.add("yamada", Role.ADMIN, "joho");
        kanri = portals.browser(Zone.LGWAN);
        kanri.signIn("kanri");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void aBrokenTextIsShownWhereItIsBrokenAndKeptInTheEditor() throws Exception {
        HttpTester.Response page = kanri.get("/admin/policy");
        assertThat(page.getContent()).contains("適用中のポリシー", "設定ファイル", "rules: []", "検査だけする");

        HttpTester.Response lint = kanri.post("/admin/policy/lint", Map.of("text", "versio: 2 <script>", "reason", ""));
        assertThat(lint.getStatus()).isEqualTo(422);
        assertThat(lint.getContent())
                .contains("portal.yaml:1:1: version: expected 1", "versio: 2 &lt;script&gt;")
                .doesNotContain("<script>");
        assertThat(portals.ports.policyVersions).isEmpty();

        HttpTester.Response clean = kanri.post("/admin/policy/lint", Map.of("text", "version: 1\n", "reason", ""));
        assertThat(clean.getStatus()).isEqualTo(200);
        assertThat(clean.getContent()).contains("誤りはありません");

        HttpTester.Response noReason =
                kanri.post("/admin/policy/versions", Map.of("text", "version: 1\nrules: [a]\n", "reason", " "));
        assertThat(noReason.getStatus()).isEqualTo(422);
        assertThat(noReason.getContent()).contains("変更の理由を書いてください", "rules: [a]");
        assertThat(portals.ports.policyVersions).isEmpty();
    }

    @Test
    void aLongPolicyFitsInTheFormButNotInAnyOtherForm() throws Exception {
        String longText = "version: 1\n" + "# コメント\n".repeat(20_000);
        HttpTester.Response lint = kanri.post("/admin/policy/lint", Map.of("text", longText));
        assertThat(lint.getStatus()).isEqualTo(200);
        HttpTester.Response elsewhere =
                kanri.post("/admin/users", Map.of("name", "x", "role", "staff", "organisation", longText));
        assertThat(elsewhere.getStatus()).isEqualTo(413);
        assertThat(elsewhere.getContent()).contains("送信された内容が大きすぎます").doesNotContain("Exception", "at jp.");
    }

    @Test
    void oneAdministratorProposesAnotherReadsTheChangesAndConfirms() throws Exception {
        portals.ports.configuredPolicy = "version: 1\nrules: [edited-on-disk]\n";
        HttpTester.Response reload = kanri.get("/admin/policy?from=file");
        assertThat(reload.getContent()).contains("設定ファイルを読み直しました", "rules: [edited-on-disk]");

        HttpTester.Response proposed = kanri.post(
                "/admin/policy/versions", Map.of("text", "version: 1\nrules: [edited-on-disk]\n", "reason", "取引先の追加"));
        assertThat(proposed.getStatus()).isEqualTo(303);
        assertThat(proposed.get("Location")).isEqualTo("/admin/policy/versions/1?done=proposed");
        HttpTester.Response own = kanri.get("/admin/policy/versions/1?done=proposed");
        assertThat(own.getContent()).contains("提案しました", "確認待ち", "別の管理者が確認します").doesNotContain("id=\"confirm\"");
        String sha = portals.ports.policyVersions.get(0).sha256();
        HttpTester.Response selfConfirm = kanri.post("/admin/policy/versions/1/confirm", Map.of("sha256", sha));
        assertThat(selfConfirm.getStatus()).isEqualTo(409);
        assertThat(selfConfirm.getContent()).contains("二人の目");

        Browser yamada = portals.browser(Zone.LGWAN);
        yamada.signIn("yamada");
        HttpTester.Response review = yamada.get("/admin/policy/versions/1");
        assertThat(review.getContent()).contains("class=\"add\">+version: 1", "id=\"confirm\"", sha);
        HttpTester.Response stale = yamada.post("/admin/policy/versions/1/confirm", Map.of("sha256", "ff"));
        assertThat(stale.getStatus()).isEqualTo(409);
        HttpTester.Response ok = yamada.post("/admin/policy/versions/1/confirm", Map.of("sha256", sha));
        assertThat(ok.get("Location")).isEqualTo("/admin/policy/versions/1?done=confirmed");
        assertThat(yamada.get("/admin/policy").getContent()).contains("版 #1", "適用中");
        assertThat(portals.ports.events).contains("policy proposed 1 by kanri", "policy confirmed 1 by yamada");
        assertThat(yamada.get("/admin/policy/versions/abc").getStatus()).isEqualTo(404);
        assertThat(yamada.get("/admin/policy/versions/99").getStatus()).isEqualTo(404);
    }

    @Test
    void theApiProposesAndConfirmsWithJsonBodies() throws Exception {
        Map<String, String> kanriAuth = Map.of(
                "Authorization", "Bearer " + portals.ports.tokenFor("kanri"), "Content-Type", "application/json");
        Map<String, String> yamadaAuth = Map.of(
                "Authorization", "Bearer " + portals.ports.tokenFor("yamada"), "Content-Type", "application/json");
        Browser api = portals.browser(Zone.LGWAN);
        HttpTester.Response broken = api.send("POST", "/api/v1/policy/lint", kanriAuth, "{\"text\":\"x: 1\"}");
        assertThat(broken.getStatus()).isEqualTo(422);
        assertThat(JSON.readTree(broken.getContent()).path("error").asText()).contains("portal.yaml:1:1");
        HttpTester.Response proposed = api.send(
                "POST",
                "/api/v1/policy/versions",
                kanriAuth,
                "{\"text\":\"version: 1\\nrules: []\\n# new\\n\",\"reason\":\"整理\"}");
        assertThat(proposed.getStatus()).isEqualTo(201);
        JsonNode v = JSON.readTree(proposed.getContent());
        assertThat(v.path("state").asText()).isEqualTo("PROPOSED");
        String body = "{\"sha256\":\"" + v.path("sha256").asText() + "\"}";
        assertThat(api.send("POST", "/api/v1/policy/versions/1/confirm", kanriAuth, body)
                        .getStatus())
                .isEqualTo(409);
        HttpTester.Response confirmed = api.send("POST", "/api/v1/policy/versions/1/confirm", yamadaAuth, body);
        assertThat(JSON.readTree(confirmed.getContent()).path("state").asText()).isEqualTo("ACTIVE");
        JsonNode overview =
                JSON.readTree(api.send("GET", "/api/v1/policy", yamadaAuth, "").getContent());
        assertThat(overview.path("inForce").path("version").asLong()).isEqualTo(1);
        assertThat(overview.path("versions").get(0).has("text")).isFalse();
    }
}
