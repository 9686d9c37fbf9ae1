package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
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
        portals = new LocalPortals(PortalConfig.DEFAULTS.withMunicipality("架け橋市"));
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
                .contains("<h1>架け橋市 月次報告 2026年2月</h1>", "2026-02-01", "2026-02-28", "id=\"print\"")
                .doesNotContain("2026-03-01");
        assertThat(portals.ports.reportsAsked).contains("2026-02-01..2026-02-28");
        assertThat(r.getContent())
                .as("February 2026 belongs to 年度 2025")
                .contains("name=\"year\" min=\"2000\" max=\"2100\" value=\"2025\"");
        HttpTester.Response summary = officer.get("/report.csv?month=2026-02");
        assertThat(summary.get("Content-Disposition"))
                .as("the municipality and the table in the file's name")
                .contains("filename*=UTF-8''" + utf8("架け橋市_月次報告_2026-02_概要.csv"));
        assertThat(utf8Csv(summary))
                .startsWith("\uFEFF項目,値\r\n自治体,架け橋市\r\n月次報告,2026年2月\r\n")
                .contains("対象期間,2026/02/01 - 2026/02/28", "受付,112");
        // One table per file, headed by its columns, so that a spreadsheet opens it as a table.
        assertThat(utf8Csv(officer.get("/report.csv?month=2026-02&table=flows")))
                .startsWith("\uFEFF方向,受付,受け渡し,ブロック・隔離・却下,処理中・承認待ち\r\n")
                .contains("取引先 → LGWAN（受け入れ）,84,81,3,0");
        assertThat(utf8Csv(officer.get("/report.csv?month=2026-02&table=reasons")))
                .startsWith("\uFEFF理由,コード,件数\r\n")
                .contains("マルウェアが検出されました,MALWARE,2");
        String days = utf8Csv(officer.get("/report.csv?month=2026-02&table=days"));
        assertThat(days)
                .as("the days headed by the directions' names, as dates Excel reads")
                .startsWith("\uFEFF日付,取引先 → LGWAN（受け入れ）,LGWAN → 取引先（送り出し）,LGWAN → マイナンバー利用事務系\r\n")
                .contains("2026/02/28,3,1,0")
                .doesNotContain("INBOUND", "2026-02-28");
        assertThat(days.lines()).hasSize(1 + 28);
    }

    @Test
    void aCsvFileCanBeShiftJisForOlderSpreadsheetsAndAnUnknownEncodingIsRefused() throws Exception {
        HttpTester.Response cp932 = officer.get("/report.csv?month=2026-02&table=flows&encoding=cp932");
        assertThat(cp932.get("Content-Type")).containsIgnoringCase("charset=Shift_JIS");
        byte[] bytes = cp932.getContentBytes();
        assertThat(bytes[0]).as("no byte-order mark in Shift_JIS").isEqualTo((byte) 0x95);
        assertThat(new String(bytes, Charset.forName("windows-31j")))
                .startsWith("方向,受付")
                .contains("取引先 → LGWAN（受け入れ）,84,81,3,0");
        String summary = new String(
                officer.get("/report.csv?month=2026-02&encoding=cp932").getContentBytes(),
                Charset.forName("windows-31j"));
        assertThat(summary)
                .as("nothing the summary writes falls outside CP932")
                .contains("対象期間,2026/02/01 - 2026/02/28")
                .doesNotContain("?");
        HttpTester.Response audit = officer.get("/audit.csv?encoding=cp932");
        assertThat(audit.getStatus()).isEqualTo(200);
        assertThat(new String(audit.getContentBytes(), Charset.forName("windows-31j")))
                .startsWith("連番,日時（日本時間）");
        assertThat(officer.get("/audit").getContent()).contains("/audit.csv?encoding=cp932");
        for (String bad : new String[] {"/report.csv?encoding=latin1", "/audit.csv?encoding=utf-16"}) {
            HttpTester.Response r = officer.get(bad);
            assertThat(r.getStatus()).as(bad).isEqualTo(400);
            assertThat(r.getContent()).as(bad).contains("文字コードは utf-8 か cp932");
        }
        HttpTester.Response table = officer.get("/report.csv?table=everything");
        assertThat(table.getStatus()).isEqualTo(400);
        assertThat(table.getContent()).contains("summary, flows, reasons, days");
    }

    @Test
    void aFiscalYearRunsFromAprilToMarchByMonthAndMayBeNamedInTheJapaneseEra() throws Exception {
        HttpTester.Response r = officer.get("/report?year=2025");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(portals.ports.reportsAsked).contains("2025-04-01..2026-03-31");
        assertThat(r.getContent())
                .contains("<h1>架け橋市 年度報告 2025年度</h1>", "月ごとの受付件数", "<td>2025年4月</td>", "<td>2026年3月</td>")
                .doesNotContain("日ごとの受付件数", "2026年4月");
        assertThat(officer.get("/report?year=2025&wareki=1").getContent())
                .contains("<h1>架け橋市 年度報告 令和7年度</h1>", "西暦で表示");
        String months = utf8Csv(officer.get("/report.csv?year=2025&table=days"));
        assertThat(months).startsWith("\uFEFF月,").contains("2025/04,90,30,0", "2026/03,93,31,0");
        assertThat(months.lines()).hasSize(1 + 12);
        for (String bad : new String[] {"1999", "2099", "25", "2025&month=2025-04"}) {
            HttpTester.Response refused = officer.get("/report?year=" + bad);
            assertThat(refused.getStatus()).as(bad).isEqualTo(400);
            assertThat(refused.getContent()).as(bad).contains("年度は 2000 以降");
        }
    }

    @Test
    void theReportPrintsWithoutItsControlsAndStoppedFilesAreNotDrawnInGreen() throws Exception {
        String page = officer.get("/report?month=2026-02").getContent();
        String controls = page.substring(page.indexOf("<div class=\"noprint\">"), page.indexOf("<p>対象期間"));
        assertThat(controls).contains("id=\"csv\"", "id=\"print\"", "name=\"year\"");
        assertThat(page.substring(page.indexOf("<p>対象期間")))
                .as("no control outside the part print leaves out")
                .doesNotContain("<button", "<input", "<select", "class=\"button");
        assertThat(page)
                .as("a meter whose best value is none shows stopped files in the warning colour")
                .contains("<meter class=\"stopped\"", "optimum=\"0\"");
        assertThat(Assets.class.getResourceAsStream("/jp/kakehashi/web/assets/app.css"))
                .asString(StandardCharsets.UTF_8)
                .contains("@media print", ".noprint, form, button, select, input, a.button");
    }

    private static String utf8Csv(HttpTester.Response r) {
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.get("Content-Type")).contains("text/csv");
        return new String(r.getContentBytes(), StandardCharsets.UTF_8);
    }

    private static String utf8(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
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
