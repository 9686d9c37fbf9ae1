package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The officers' dashboard and monthly report (月次報告): the right days, the numbers, print and CSV. */
class StatisticsPagesTest {
    private LocalPortals portals;
    private Browser officer;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        portals.ports.add("yamada", Role.OFFICER, "joho");
        officer = portals.browser(Zone.LGWAN);
        officer.signIn("yamada");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void anOfficerLandsOnTheLastThirtyJapanDaysDrawnWithoutScript() throws Exception {
        // The test clock starts at 2026-11-24T01:00Z (10:00 JST).
        assertThat(officer.lastBody).contains("ダッシュボード（過去30日）");
        assertThat(portals.ports.reportsAsked).containsExactly("2026-10-26..2026-11-24");
        HttpTester.Response r = officer.get("/dashboard");
        assertThat(r.getContent())
                .contains("<svg", "class=\"d-inbound\"", "<title>11/24 取引先 → LGWAN（受け入れ）: 3</title>")
                .contains("1分35秒", "1時間15分", "マルウェアが検出されました", "&lt;マクロ&gt;")
                .doesNotContain("<マクロ>", "style=", "<script>");
        SecurityHeadersAssert.on(r, "/dashboard");
    }

    @Test
    void theMonthlyReportListsEveryDayAndExportsTheSameNumbers() throws Exception {
        HttpTester.Response r = officer.get("/report?month=2026-02");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContent())
                .contains("月次報告 2026年2月", "2026-02-01", "2026-02-28", "id=\"print\"")
                .doesNotContain("2026-03-01");
        assertThat(portals.ports.reportsAsked).contains("2026-02-01..2026-02-28");
        HttpTester.Response csv = officer.get("/report.csv?month=2026-02");
        assertThat(csv.get("Content-Disposition")).contains("report-2026-02.csv");
        String text = new String(csv.getContentBytes(), StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("\uFEFF月次報告,2026-02")
                .contains("取引先 → LGWAN（受け入れ）,84,81,3,0")
                .contains("マルウェアが検出されました,MALWARE,2")
                .contains("2026-02-28,3,1,0");
    }

    @Test
    void aMonthThatIsNotOneIsRefusedWithTheFormToUse() throws Exception {
        for (String bad : new String[] {"2026-13", "26-11", "1999-12", "2099-01", "2026-11-01", "%27"}) {
            HttpTester.Response r = officer.get("/report?month=" + bad);
            assertThat(r.getStatus()).as(bad).isEqualTo(400);
            assertThat(r.getContent()).contains("YYYY-MM");
        }
        assertThat(officer.get("/report").getContent())
                .as("this month by default")
                .contains("2026年11月");
    }
}
