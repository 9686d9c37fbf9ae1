package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Quarantine review: the stopped files, a written reason before any original, and a download named so nobody runs it. */
class QuarantinePagesTest {
    private static final String ID = "0000000000000000000000cc";

    private LocalPortals portals;
    private Browser officer;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        portals.ports.add("yamada", Role.OFFICER, "joho");
        User partner = portals.ports.add("acme-sato", Role.PARTNER, "acme");
        portals.ports.items.add(portals.ports.item(ID, "請求書.exe", partner, Stage.QUARANTINED));
        portals.ports.contents.put(ID, "MZ...".getBytes(StandardCharsets.US_ASCII));
        officer = portals.browser(Zone.LGWAN);
        officer.signIn("yamada");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void anOfficerTakesAnOriginalOutOnlyWithAWrittenReason() throws Exception {
        assertThat(officer.get("/quarantine").getContent()).contains("請求書.exe", "/quarantine/" + ID);
        HttpTester.Response page = officer.get("/quarantine/" + ID);
        assertThat(page.getContent())
                .contains("ef".repeat(32), "理由を記録して原本を取り出す")
                .doesNotContain("id=\"original\"");
        assertThat(officer.get("/quarantine/" + ID + "/original").getStatus())
                .as("no original before a release")
                .isEqualTo(404);

        HttpTester.Response refused = officer.post("/quarantine/" + ID + "/release", Map.of("reason", " "));
        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(refused.getContent()).contains("原本を取り出す理由を書いてください");

        HttpTester.Response r = officer.post("/quarantine/" + ID + "/release", Map.of("reason", "誤検知の確認のため（受付番号 123）"));
        assertThat(r.get("Location")).isEqualTo("/quarantine/" + ID + "?released=1");
        assertThat(officer.get(r.get("Location")).getContent())
                .contains("24時間以内にダウンロード", "誤検知の確認のため（受付番号 123）", "id=\"original\"");
        HttpTester.Response original = officer.get("/quarantine/" + ID + "/original");
        assertThat(original.get("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(original.get("Content-Disposition"))
                .startsWith("attachment;")
                .contains("quarantine")
                .doesNotContain(".exe\"");
    }

    @Test
    void staffCannotReachQuarantineAndADeliveredFileIsNotInIt() throws Exception {
        portals.ports.add("tanaka", Role.STAFF, "somu");
        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        assertThat(staff.get("/quarantine").getStatus()).isEqualTo(403);
        assertThat(staff.post("/quarantine/" + ID + "/release", Map.of("reason", "x"))
                        .getStatus())
                .isEqualTo(403);
        assertThat(portals.ports.releases).isEmpty();
        User partner = portals.ports.current("acme-sato").orElseThrow();
        portals.ports.items.add(portals.ports.item("0000000000000000000000dd", "ok.pdf", partner, Stage.DELIVERED));
        assertThat(officer.get("/quarantine/0000000000000000000000dd").getStatus())
                .isEqualTo(404);
    }
}
