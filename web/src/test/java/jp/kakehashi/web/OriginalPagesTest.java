package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 原本取り出し from the file's page: a reason is required, and only the requester downloads. */
class OriginalPagesTest {
    private static final String ID = "0000000000000000000000ee";

    private LocalPortals portals;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        User partner = portals.ports.add("acme-sato", Role.PARTNER, "acme");
        portals.ports.add("tanaka", Role.STAFF, "somu");
        portals.ports.add("suzuki", Role.STAFF, "somu");
        portals.ports.items.add(portals.ports.item(ID, "見積書.docm", partner, Stage.DELIVERED));
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void staffAskForAnOriginalWithAReasonAndOnlyTheyDownloadIt() throws Exception {
        Browser tanaka = portals.browser(Zone.LGWAN);
        tanaka.signIn("tanaka");
        assertThat(tanaka.get("/items/" + ID).getContent()).contains("原本（無害化前のファイル）を申請する");
        HttpTester.Response refused = tanaka.post("/items/" + ID + "/original", Map.of("reason", ""));
        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(refused.getContent()).contains("原本が必要な理由を書いてください");
        HttpTester.Response asked = tanaka.post("/items/" + ID + "/original", Map.of("reason", "マクロで集計しているため"));
        assertThat(asked.get("Location")).isEqualTo("/originals?requested=1");
        assertThat(tanaka.get("/originals?requested=1").getContent())
                .contains("原本取り出しを申請しました", "マクロで集計しているため", "/originals/1/download");
        HttpTester.Response file = tanaka.get("/originals/1/download");
        assertThat(file.get("Content-Disposition")).startsWith("attachment;");

        Browser suzuki = portals.browser(Zone.LGWAN);
        suzuki.signIn("suzuki");
        assertThat(suzuki.get("/originals").getContent()).doesNotContain("マクロで集計");
        assertThat(suzuki.get("/originals/1/download").getStatus()).isEqualTo(404);
        assertThat(suzuki.get("/originals/x/download").getStatus()).isEqualTo(404);
    }
}
