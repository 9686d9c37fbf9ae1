package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

class SearchPageTest {
    @Test
    void staffFindDeliveredFilesAndAQueryIsEchoedEscapedAndRefusedWhenTooLong() throws Exception {
        try (LocalPortals portals = new LocalPortals()) {
            User partner = portals.ports.add("acme-sato", Role.PARTNER, "acme");
            portals.ports.add("tanaka", Role.STAFF, "somu");
            portals.ports.items.add(
                    portals.ports.item("0000000000000000000000f1", "令和8年度 見積書.pdf", partner, Stage.DELIVERED));
            portals.ports.items.add(
                    portals.ports.item("0000000000000000000000f2", "見積書 下書き.pdf", partner, Stage.BLOCKED));
            Browser b = portals.browser(Zone.LGWAN);
            b.signIn("tanaka");
            HttpTester.Response r = b.get("/search?q=%E8%A6%8B%E7%A9%8D%E6%9B%B8");
            assertThat(r.getContent()).contains("令和8年度 見積書.pdf", "1 件見つかりました。").doesNotContain("下書き");
            assertThat(b.get("/search?q=%3Cscript%3E").getContent())
                    .contains("value=\"&lt;script>\"", "見つかりませんでした")
                    .doesNotContain("<script>");
            HttpTester.Response tooLong = b.get("/search?q=" + "a".repeat(201));
            assertThat(tooLong.getStatus()).isEqualTo(400);
            assertThat(tooLong.getContent()).contains("200文字以内");
        }
    }
}
