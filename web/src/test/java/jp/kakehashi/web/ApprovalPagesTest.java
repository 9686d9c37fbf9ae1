package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The approver's pages: the queue, the review download, and decisions bound to what was shown. */
class ApprovalPagesTest {
    private LocalPortals portals;
    private ItemView report;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        User tanaka = portals.ports.add("tanaka", Role.STAFF, "somu");
        portals.ports.add("suzuki", Role.STAFF, "somu");
        report = portals.ports.item("00000000000000000000000b", "報告書<b>.docx", tanaka, Stage.AWAITING_APPROVAL);
        portals.ports.approval(7, report, "suzuki");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void anApproverSeesTheirQueueAndApprovesTheFileThePageShowed() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("suzuki");
        HttpTester.Response queue = b.get("/approvals");
        assertThat(queue.getContent())
                .contains("承認待ちのファイル", "/approvals/7", "上長の承認 (0/1)")
                .contains("報告書&lt;b&gt;.docx")
                .doesNotContain("報告書<b>");
        HttpTester.Response page = b.get("/approvals/7");
        assertThat(page.getContent()).contains("個人番号らしき番号", "outbound-documents", "ab".repeat(32), "/approvals/7/file");
        assertThat(page.getContent())
                .as("the download link names the file, not 「ダウンロード:」")
                .contains("報告書&lt;b&gt;.docx を確認用にダウンロード")
                .doesNotContain("ダウンロード:");
        HttpTester.Response file = b.get("/approvals/7/file");
        assertThat(file.get("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(file.get("Content-Disposition")).startsWith("attachment;");

        HttpTester.Response r = b.post("/approvals/7/approve", Map.of("sha256", "ab".repeat(32), "comment", "確認済み"));
        assertThat(r.getStatus()).isEqualTo(303);
        assertThat(r.get("Location")).isEqualTo("/approvals?decided=complete");
        assertThat(b.get(r.get("Location")).getContent()).contains("ファイルは送り先に渡されます", "あなたが承認できる依頼は");
        assertThat(portals.ports.decisions).containsExactly("approved 7 by suzuki: 確認済み");
    }

    @Test
    void anApprovalForOtherBytesIsRefusedWithTheReason() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("suzuki");
        b.get("/approvals/7");
        HttpTester.Response r = b.post("/approvals/7/approve", Map.of("sha256", "cd".repeat(32), "comment", ""));
        assertThat(r.getStatus()).isEqualTo(409);
        assertThat(r.getContent()).contains("確認したファイルと現在のファイルが一致しません");
        assertThat(portals.ports.decisions).isEmpty();
    }

    @Test
    void aRejectionNeedsAReasonAndTooLongACommentIsRefused() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("suzuki");
        b.get("/approvals/7");
        assertThat(b.post("/approvals/7/reject", Map.of("comment", "  ")).getContent())
                .contains("却下の理由を書いてください");
        assertThat(b.post("/approvals/7/reject", Map.of("comment", "x".repeat(2001)))
                        .getStatus())
                .isEqualTo(400);
        HttpTester.Response r = b.post("/approvals/7/reject", Map.of("comment", "宛先が違います"));
        assertThat(r.get("Location")).isEqualTo("/approvals?decided=rejected");
        assertThat(portals.ports.decisions).containsExactly("rejected 7 by suzuki: 宛先が違います");
    }

    @Test
    void aDecidedRequestStaysReadableWithTheDecisionAndItsComment() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("suzuki");
        assertThat(b.get("/approvals").getContent())
                .as("the deadline named as one")
                .contains("承認期限（過ぎると却下扱い）")
                .doesNotContain(">期限<");
        b.get("/approvals/7");
        b.post("/approvals/7/reject", Map.of("comment", "宛先が違います"));
        String list = b.get("/approvals").getContent();
        assertThat(list).contains("あなたが判断した依頼", "/approvals/7", "却下した", "宛先が違います");
        HttpTester.Response reopened = b.get("/approvals/7");
        assertThat(reopened.getStatus()).as("was an error page before").isEqualTo(200);
        assertThat(reopened.getContent())
                .contains("あなたの判断", "却下した", "コメント: 宛先が違います", "依頼の現在の状態")
                .doesNotContain("id=\"approve\"", "id=\"reject\"");
        Browser other = portals.browser(Zone.LGWAN);
        other.signIn("tanaka");
        assertThat(other.get("/approvals/7").getStatus())
                .as("only for who decided it")
                .isEqualTo(404);
    }

    @Test
    void someoneWhoIsNotItsApproverCannotSeeReviewOrDecideIt() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("tanaka");
        assertThat(b.get("/approvals").getContent()).doesNotContain("/approvals/7");
        assertThat(b.get("/approvals/7").getStatus()).isEqualTo(404);
        assertThat(b.get("/approvals/7/file").getStatus()).isEqualTo(404);
        assertThat(b.post("/approvals/7/approve", Map.of("sha256", "ab".repeat(32)))
                        .getStatus())
                .isEqualTo(404);
        assertThat(b.get("/approvals/not-a-number").getStatus()).isEqualTo(404);
        assertThat(portals.ports.decisions).isEmpty();
    }
}
