package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

/** PPAP: the sender of a held encrypted file types its password on the file's page. */
class UnlockPageTest {
    private static final String ID = "0000000000000000000000e1";

    @Test
    void theSenderOpensAHeldFileAndIsTakenToTheNewOne() throws Exception {
        try (LocalPortals portals = new LocalPortals()) {
            User partner = portals.ports.add("acme-sato", Role.PARTNER, "acme");
            portals.ports.items.add(portals.ports.item(ID, "見積書.zip", partner, Stage.QUARANTINED));
            portals.ports.lockedWith.put(ID, "pass-7890");
            Browser b = portals.browser(Zone.INTERNET);
            b.signIn("acme-sato");
            HttpTester.Response page = b.get("/items/" + ID);
            assertThat(page.getContent()).contains("パスワードを入力して開く", "記録も保存もしません");
            HttpTester.Response wrong = b.post("/items/" + ID + "/unlock", Map.of("password", "nope"));
            assertThat(wrong.getStatus()).isEqualTo(409);
            assertThat(wrong.getContent()).contains("パスワードが違います").doesNotContain("nope");
            HttpTester.Response ok = b.post("/items/" + ID + "/unlock", Map.of("password", "pass-7890"));
            assertThat(ok.get("Location")).isEqualTo("/items/0000000000000000000000ab");
            assertThat(b.get("/items/" + ID).getContent()).doesNotContain("パスワードを入力して開く");
        }
    }

    @Test
    void theApiOpensAHeldFileWithAJsonBodyAndRefusesAWrongPassword() throws Exception {
        try (LocalPortals portals = new LocalPortals()) {
            User partner = portals.ports.add("acme-sato", Role.PARTNER, "acme");
            portals.ports.items.add(portals.ports.item(ID, "見積書.zip", partner, Stage.QUARANTINED));
            portals.ports.lockedWith.put(ID, "pass-7890");
            Map<String, String> auth = Map.of(
                    "Authorization",
                    "Bearer " + portals.ports.tokenFor("acme-sato"),
                    "Content-Type",
                    "application/json");
            Browser api = portals.browser(Zone.INTERNET);
            String path = "/api/v1/files/" + ID + "/unlock";
            HttpTester.Response wrong = api.send("POST", path, auth, "{\"password\":\"nope\"}");
            assertThat(wrong.getStatus()).isEqualTo(409);
            assertThat(wrong.getContent()).contains("WRONG_PASSWORD").doesNotContain("nope");
            HttpTester.Response ok = api.send("POST", path, auth, "{\"password\":\"pass-7890\"}");
            assertThat(ok.getStatus()).isEqualTo(201);
            assertThat(ok.getContent()).contains("0000000000000000000000ab", "見積書.zip");
            assertThat(api.send("POST", "/api/v1/files/" + "f".repeat(24) + "/unlock", auth, "{}")
                            .getStatus())
                    .isEqualTo(404);
        }
    }
}
