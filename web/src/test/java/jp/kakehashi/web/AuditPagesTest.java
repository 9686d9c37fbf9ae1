package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.web.port.AuditEntry;
import jp.kakehashi.web.port.AuditQuery;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The officers' audit view: filters checked before use, escaped records, a CSV a spreadsheet cannot run. */
class AuditPagesTest {
    private LocalPortals portals;
    private Browser officer;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        portals.ports.add("yamada", Role.OFFICER, "joho");
        OffsetDateTime t = OffsetDateTime.parse("2026-11-24T10:15:00+09:00");
        portals.ports.auditEntries.add(new AuditEntry(
                41,
                t,
                "ITEM_BLOCKED",
                "acme-sato",
                "internet",
                "0000000000000000000000aa",
                Map.of("reason", "PERSONAL_NUMBER", "rules", "dlp-mynumber")));
        portals.ports.auditEntries.add(new AuditEntry(
                42,
                t,
                "AUTH_FAILURE",
                "=HYPERLINK(\"http://evil\")",
                "internet",
                "",
                Map.of("name", "<script>alert(1)</script>")));
        officer = portals.browser(Zone.LGWAN);
        officer.signIn("yamada");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void keywordsReachTheQueryAndAQueryOutsideTheGrammarIsRefusedWithItsReason() throws Exception {
        HttpTester.Response ok = officer.get("/audit?q="
                + java.net.URLEncoder.encode("入札 NOT partner:acme", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat(portals.ports.lastQuery).isNotNull();
        assertThat(portals.ports.lastQuery.words()).isEqualTo("入札 NOT partner:acme");
        HttpTester.Response bad = officer.get("/audit?q=%2A%E5%85%A5%E6%9C%AD");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContent()).contains("「*」は語の終わりにだけ使えます");
    }

    @Test
    void theFiltersReachTheQueryAndTheRecordsAreShownEscaped() throws Exception {
        HttpTester.Response r = officer.get(
                "/audit?actor=acme-sato&type=item_blocked&zone=INTERNET&decision=Block&rule=dlp-mynumber&from=2026-11-01&to=2026-11-30");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(portals.ports.lastQuery)
                .isEqualTo(new AuditQuery(
                        "acme-sato",
                        "ITEM_BLOCKED",
                        "",
                        "internet",
                        "block",
                        "dlp-mynumber",
                        "",
                        Optional.of(LocalDate.of(2026, 11, 1)),
                        Optional.of(LocalDate.of(2026, 11, 30)),
                        AuditRoutes.PAGE));
        assertThat(r.getContent())
                .contains("ファイルの遮断", "ITEM_BLOCKED", "2026/11/24 10:15 JST")
                .as("each detail named as the officer reads it, its key kept in the tooltip")
                .contains("<span title=\"reason\"><span class=\"k\">理由</span> PERSONAL_NUMBER</span>")
                .contains("<span class=\"k\">ルール</span> dlp-mynumber")
                .doesNotContain("reason=PERSONAL_NUMBER")
                .contains("/audit.csv?actor=acme-sato&amp;type=item_blocked");
        String all = officer.get("/audit").getContent();
        assertThat(all).contains("&lt;script&gt;").doesNotContain("<script>alert");
    }

    @Test
    void aFilterWithCharactersItCannotUseOrABadDateIsRefusedWithTheReason() throws Exception {
        portals.ports.lastQuery = null;
        HttpTester.Response quote = officer.get("/audit?actor=%27%20OR%201%3D1");
        assertThat(quote.getStatus()).isEqualTo(400);
        assertThat(quote.getContent()).contains("検索条件に使えない文字があります", "操作した人");
        assertThat(officer.get("/audit?from=2026-13-01").getContent()).contains("YYYY-MM-DD");
        assertThat(officer.get("/audit?from=2026-11-30&to=2026-11-01").getContent())
                .contains("開始日が終了日より後");
        assertThat(officer.get("/audit?item=" + "a".repeat(101)).getStatus()).isEqualTo(400);
        assertThat(portals.ports.lastQuery)
                .as("no refused filter reached the trail")
                .isNull();
    }

    @Test
    void theCsvExportOpensInExcelAndCannotRunAFormula() throws Exception {
        HttpTester.Response r = officer.get("/audit.csv");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.get("Content-Type")).startsWith("text/csv");
        assertThat(r.get("Content-Disposition")).startsWith("attachment;").contains("audit-");
        byte[] body = r.getContentBytes();
        assertThat(new String(body, 0, 3, StandardCharsets.ISO_8859_1))
                .as("UTF-8 byte-order mark")
                .isEqualTo("\u00ef\u00bb\u00bf");
        String csv = new String(body, StandardCharsets.UTF_8);
        assertThat(csv)
                .as("headers the committee reads; a JST time Excel takes for a date; the kind by name, then its code")
                .contains("連番,日時（日本時間）,種類,種類コード,操作した人,セグメント,ファイルID,内容")
                .contains("41,2026/11/24 10:15:00,ファイルの遮断,ITEM_BLOCKED,acme-sato,internet,0000000000000000000000aa,")
                .containsAnyOf("理由: PERSONAL_NUMBER; ルール: dlp-mynumber", "ルール: dlp-mynumber; 理由: PERSONAL_NUMBER")
                .contains("\"'=HYPERLINK(\"\"http://evil\"\")\"")
                .doesNotContain(",=HYPERLINK");
        assertThat(AuditRoutes.cell("-1+2")).isEqualTo("'-1+2");
        assertThat(AuditRoutes.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditRoutes.cell("tanaka")).isEqualTo("tanaka");
    }

    /** The officer picks a kind by its name; the page names each record and keeps its code beside. */
    @Test
    void kindsAreChosenAndShownByName() throws Exception {
        String page = officer.get("/audit?type=AUTH_FAILURE").getContent();
        assertThat(page)
                .contains(
                        "<option value=\"\">すべての種類</option>",
                        "<option value=\"ITEM_BLOCKED\">ファイルの遮断</option>",
                        "<option value=\"AUTH_FAILURE\" selected>サインイン失敗</option>",
                        "<span class=\"kind\">サインイン失敗</span>")
                .doesNotContain("<span class=\"kind\">ファイルの遮断</span>");
        assertThat(portals.ports.lastQuery.type()).isEqualTo("AUTH_FAILURE");
        officer.post("/lang", Map.of("to", "en", "back", "/audit"));
        String csv = new String(officer.get("/audit.csv").getContentBytes(), StandardCharsets.UTF_8);
        assertThat(csv).contains("No.,Time (JST),What,Kind code,Who,Zone,File id,Details", "File blocked");
    }

    @Test
    void onlyOfficersReadTheAuditTrail() throws Exception {
        portals.ports.add("tanaka", Role.STAFF, "somu");
        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        assertThat(staff.get("/audit").getStatus()).isEqualTo(403);
        assertThat(staff.get("/audit.csv").getStatus()).isEqualTo(403);
    }
}
