package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ATTACKS OFF-03/05: DDE and INCLUDE fields and DDE formulas leave; the text the reader sees stays. */
class FieldScrubberTest {
    @TempDir
    Path dir;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    @Test
    void wordFieldsThatRunOrFetchAreRemovedAndTheirResultsKept() throws Exception {
        String fields =
                "<w:p><w:fldSimple w:instr=\"DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot;\">"
                        + "<w:r><w:t>単純フィールドの結果</w:t></w:r></w:fldSimple></w:p>"
                        + "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                        + "<w:r><w:instrText xml:space=\"preserve\"> DD</w:instrText></w:r>"
                        + "<w:r><w:instrText>EAUTO cmd \"/c calc\"</w:instrText></w:r>"
                        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>分割フィールドの結果</w:t></w:r>"
                        + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
                        + "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> INCLUDEPICTURE \"\\\\\\\\host\\\\share\\\\a.png\"</w:instrText></w:r>"
                        + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
                        + "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
                        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>";
        byte[] docx = patch(docx("本文です。"), "word/document.xml", xml -> xml.replace("<w:sectPr", fields + "<w:sectPr"));
        DisarmResult.Disarmed d = disarm("依頼.docx", docx);
        assertThat(d.removals()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo("dde");
            assertThat(r.count()).isEqualTo(3);
        });
        String out = part(d.output(), "word/document.xml");
        assertThat(out)
                .doesNotContain("DDEAUTO")
                .doesNotContain("EAUTO")
                .doesNotContain("INCLUDEPICTURE")
                .doesNotContain("fldSimple");
        assertThat(out).contains("単純フィールドの結果", "分割フィールドの結果", "本文です。", " PAGE ");
        try (InputStream in = Files.newInputStream(d.output());
                XWPFDocument reopened = new XWPFDocument(in)) {
            assertThat(reopened.getParagraphs()).isNotEmpty();
        }
    }

    private static String begin() {
        return "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>";
    }

    private static String instr(String text) {
        return "<w:r><w:instrText xml:space=\"preserve\">" + text + "</w:instrText></w:r>";
    }

    private static String separate() {
        return "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
    }

    private static String end() {
        return "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    }

    private static String text(String t) {
        return "<w:r><w:t>" + t + "</w:t></w:r>";
    }

    /** {@code { {QUOTE 68 68 69 65 85 84 79} c:\\…cmd.exe "/k calc" }}: Word makes the command word first. */
    static final String ASSEMBLED_DDE = "<w:p>" + begin() + instr(" ") + begin() + instr("QUOTE 68 68 69 65 85 84 79")
            + separate() + text("DDEAUTO") + end() + instr(" c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\" ")
            + separate() + text("組み立てられたフィールドの結果") + end() + "</w:p>";

    @Test
    void aFieldWhoseCommandANestedFieldWritesOrThatHidesInsideAnotherLosesItsInstructions() throws Exception {
        String hiddenInIf = "<w:p>" + begin() + instr(" IF 1 = 1 \"") + begin()
                + instr(" DDEAUTO cmd \"/c calc\" ") + separate() + text("x") + end() + instr("\" \"\" ")
                + separate() + text("条件フィールドの結果") + end() + "</w:p>";
        String halfWritten = "<w:p>" + begin() + instr(" DD") + begin() + instr("QUOTE 69") + separate() + text("E")
                + end() + instr("AUTO cmd ") + separate() + text("半分のフィールド") + end() + "</w:p>";
        // What a letter merge and a table of contents hold: nested fields with a plain command word stay.
        String mergeIf = "<w:p>" + begin() + instr(" IF ") + begin() + instr(" MERGEFIELD 区分 ") + separate() + text("A")
                + end() + instr(" = \"A\" \"様\" \"殿\" ") + separate() + text("様") + end() + "</w:p>";
        String toc = "<w:p>" + begin() + instr(" TOC \\o \"1-3\" \\h ") + separate() + text("第一章 ") + begin()
                + instr(" PAGEREF _Toc1 \\h ") + separate() + text("3") + end() + end() + "</w:p>";
        byte[] docx = patch(
                docx("本文です。"),
                "word/document.xml",
                xml -> xml.replace(
                        "<w:sectPr", ASSEMBLED_DDE + hiddenInIf + halfWritten + mergeIf + toc + "<w:sectPr"));
        DisarmResult.Disarmed d = disarm("差し込み.docx", docx);
        assertThat(d.removals()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo("dde");
            assertThat(r.count()).isEqualTo(3);
        });
        String out = part(d.output(), "word/document.xml");
        assertThat(out)
                .doesNotContain("QUOTE")
                .doesNotContain("cmd.exe")
                .doesNotContain("AUTO cmd")
                .doesNotContain(" DDEAUTO cmd");
        assertThat(out)
                .as("every result the reader sees stays, and the harmless nested fields keep their instructions")
                .contains("組み立てられたフィールドの結果", "条件フィールドの結果", "半分のフィールド", "様", "第一章 ", ">3<")
                .contains(" MERGEFIELD 区分 ", " IF ", " PAGEREF _Toc1 \\h ", " TOC \\o");
        assertThat(new Verifier(1000).problem(d.output(), DOCX)).isEmpty();
    }

    @Test
    void aVerifierCatchesAFieldWhoseCommandANestedFieldWrites() throws Exception {
        Path file = dir.resolve("assembled.docx");
        Files.write(
                file,
                patch(docx("x"), "word/document.xml", xml -> xml.replace("<w:sectPr", ASSEMBLED_DDE + "<w:sectPr")));
        assertThat(new Verifier(1000).problem(file, DOCX))
                .hasValueSatisfying(p -> assertThat(p).contains("nested or assembled"));
    }

    @Test
    void ddeFormulasLeaveAndCachedValuesStay() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var row = wb.createSheet("集計").createRow(0);
            row.createCell(0).setCellFormula("1+1");
            row.createCell(1).setCellFormula("SUM(1,2)");
            wb.write(out);
            xlsx = out.toByteArray();
        }
        xlsx = patch(
                xlsx, "xl/worksheets/sheet1.xml", xml -> xml.replace("<f>1+1</f>", "<f>cmd|' /C calc'!A0</f><v>0</v>"));
        DisarmResult.Disarmed d = disarm("集計.xlsx", xlsx);
        assertThat(d.removals().toString()).contains("DDE formula");
        String sheet = part(d.output(), "xl/worksheets/sheet1.xml");
        assertThat(sheet).doesNotContain("cmd|").contains("SUM(1,2)").contains("<v>0</v>");
    }

    @Test
    void aVerifierCatchesADdeFieldTheDisarmerMissed() throws Exception {
        byte[] docx = patch(
                docx("x"),
                "word/document.xml",
                xml -> xml.replace(
                        "<w:sectPr",
                        "<w:p><w:fldSimple w:instr=\" DDE cmd\"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p><w:sectPr"));
        Path file = dir.resolve("raw.docx");
        Files.write(file, docx);
        assertThat(new Verifier(1000)
                        .problem(file, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
                .hasValueSatisfying(p -> assertThat(p).contains("DDE"));
    }

    private DisarmResult.Disarmed disarm(String name, byte[] content) throws IOException {
        Path in = dir.resolve(name);
        Files.write(in, content);
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, name), dir);
        assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
        return (DisarmResult.Disarmed) r;
    }

    private static byte[] docx(String text) throws IOException {
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(text);
            doc.createParagraph();
            doc.getDocument().getBody().addNewSectPr();
            doc.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] patch(byte[] zip, String part, UnaryOperator<String> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream z = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals(part)) {
                    content = change.apply(new String(content, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String part(Path zip, String name) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return new String(z.getInputStream(z.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
