package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDPageAdditionalActions;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SanitizerTest {
    @TempDir
    Path dir;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @Test
    void macroEnabledWordDocumentLosesItsMacroAndBecomesDocx() throws Exception {
        Path docm = write("見積書.docm", docm());
        Detection d = sanitizer.detect(docm, "見積書.docm");
        DisarmResult result = sanitizer.disarm(docm, d, dir);
        assertThat(result).isInstanceOf(DisarmResult.Disarmed.class);
        DisarmResult.Disarmed disarmed = (DisarmResult.Disarmed) result;
        assertThat(disarmed.extension()).isEqualTo(".docx");
        assertThat(disarmed.verdict()).isEqualTo(Verdict.SANITIZED);
        assertThat(disarmed.removals()).extracting(Removal::kind).contains("macro");
        try (ZipFile zip = new ZipFile(disarmed.output().toFile())) {
            assertThat(Collections.list(zip.entries()))
                    .extracting(ZipEntry::getName)
                    .noneMatch(n -> n.contains("vbaProject"));
            assertThat(Collections.list(zip.entries()).get(0).getName()).isEqualTo("[Content_Types].xml");
        }
        try (InputStream in = Files.newInputStream(disarmed.output());
                XWPFDocument reopened = new XWPFDocument(in)) {
            assertThat(reopened.getParagraphs().get(0).getText()).isEqualTo("令和八年度の見積書");
        }
    }

    /** ATTACKS TYPE-02: what the recipient reads about a ZIP that rode behind a PDF's end. */
    @Test
    void theReceiptOfAPdfWithAnAppendedZipSaysTheExtraDataWasRemoved() throws Exception {
        ByteArrayOutputStream polyglot = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(polyglot);
        }
        polyglot.write(zip(List.of("run.js")));
        Path pdf = write("案内.pdf", polyglot.toByteArray());
        DisarmResult result = sanitizer.disarm(pdf, sanitizer.detect(pdf, "案内.pdf"), dir);
        assertThat(result).isInstanceOf(DisarmResult.Disarmed.class);
        DisarmResult.Disarmed disarmed = (DisarmResult.Disarmed) result;
        assertThat(disarmed.removals())
                .extracting(Removal::detail)
                .anyMatch(d -> d.contains("after the end of the PDF (an appended ZIP archive)"));
        Receipts.Receipt receipt = Receipts.of(disarmed.removals(), Receipts.Reader.RECIPIENT);
        assertThat(receipt.ja()).contains("ファイルの終わりの後ろに付け足されていた余分なデータ (別のファイルなど) を削除しました。");
        assertThat(receipt.en())
                .contains("Extra data appended after the end of the file (another file, for example) was removed.");
        assertThat(new String(Files.readAllBytes(disarmed.output()), StandardCharsets.ISO_8859_1))
                .doesNotContain("PK\u0003\u0004");
    }

    /**
     * ISSUE 28: a truncated PDF, or one whose table points at the wrong places, is read only after
     * PDFBox repairs it, which can join references to the wrong objects. It is not passed as clean:
     * the receipt says it was repaired, and the rebuilt file reads as written.
     */
    @Test
    void aPdfThatNeededRepairIsNotCleanAndTheReceiptSaysSo() throws Exception {
        byte[] whole;
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            doc.addPage(new PDPage());
            doc.save(out, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
            whole = out.toByteArray();
        }
        Path intact = write("議事録.pdf", whole);
        DisarmResult.Disarmed clean =
                (DisarmResult.Disarmed) sanitizer.disarm(intact, sanitizer.detect(intact, "議事録.pdf"), dir);
        assertThat(clean.removals()).extracting(Removal::kind).doesNotContain("repaired");
        assertThat(PdfStructure.repairNeeded(clean.output()))
                .as("the rebuilt file reads as written")
                .isEmpty();

        String text = new String(whole, StandardCharsets.ISO_8859_1);
        byte[] truncated = java.util.Arrays.copyOf(whole, text.lastIndexOf("trailer"));
        byte[] misplaced =
                text.replaceFirst("(\\d{10}) 00000 n", "0000000001 00000 n").getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] damaged : List.of(truncated, misplaced)) {
            Path file = write("議事録.pdf", damaged);
            DisarmResult r = sanitizer.disarm(file, sanitizer.detect(file, "議事録.pdf"), dir);
            assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
            DisarmResult.Disarmed d = (DisarmResult.Disarmed) r;
            assertThat(d.removals()).extracting(Removal::kind).contains("repaired");
            assertThat(d.verdict()).isNotEqualTo(Verdict.CLEAN);
            assertThat(Receipts.of(d.removals(), Receipts.Reader.RECIPIENT).ja())
                    .contains("ファイルの一部が壊れていたため、読み取れた範囲で組み立て直しました");
            assertThat(PdfStructure.repairNeeded(d.output())).isEmpty();
            assertThat(new Verifier(1000).problem(file, "application/pdf"))
                    .as("the verifier does not pass the damaged file as it came")
                    .hasValueSatisfying(p -> assertThat(p).contains("does not read as written"));
        }
    }

    @Test
    void pdfLosesJavaScriptAndLaunchActionsButKeepsItsPages() throws Exception {
        Path pdf;
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            doc.addPage(new PDPage());
            doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert(1)"));
            PDPageAdditionalActions aa = new PDPageAdditionalActions();
            PDActionLaunch launch = new PDActionLaunch();
            launch.setFile(new org.apache.pdfbox.pdmodel.common.filespecification.PDSimpleFileSpecification());
            aa.setO(launch);
            page.setActions(aa);
            doc.save(out);
            pdf = write("report.pdf", out.toByteArray());
        }
        DisarmResult result = sanitizer.disarm(pdf, sanitizer.detect(pdf, "report.pdf"), dir);
        DisarmResult.Disarmed disarmed = (DisarmResult.Disarmed) result;
        assertThat(disarmed.removals()).extracting(Removal::kind).contains("javascript", "action");
        try (PDDocument out = Loader.loadPDF(disarmed.output().toFile())) {
            assertThat(out.getNumberOfPages()).isEqualTo(2);
            assertThat(out.getDocumentCatalog().getCOSObject().containsKey(COSName.OPEN_ACTION))
                    .isFalse();
            assertThat(out.getPage(0).getCOSObject().containsKey(COSName.AA)).isFalse();
        }
    }

    /** Disarmers that read a file whole have a ceiling; the sanitizer refuses a larger file before they see it. */
    @Test
    void aFileLargerThanItsDisarmersCeilingIsRefusedWithThatReason() throws Exception {
        Sanitizer small = CopyingDisarmer.sanitizerWith(new RtfDisarmer(100));
        Path rtf = write("large.rtf", ("{\\rtf1 " + "文".repeat(200) + "}").getBytes(StandardCharsets.UTF_8));
        DisarmResult result = small.disarm(rtf, small.detect(rtf, "large.rtf"), dir);
        assertThat(result).isInstanceOfSatisfying(DisarmResult.Refused.class, r -> {
            assertThat(r.reason().code()).isEqualTo(ReasonCode.RESOURCE_LIMIT);
            assertThat(r.reason().detail()).isEqualTo("application/rtf larger than 100 bytes");
        });
    }

    @Test
    void aDisarmerThatLeavesTheMacroInIsCaughtByTheVerifier() throws Exception {
        Sanitizer broken = CopyingDisarmer.sanitizerWith(new CopyingDisarmer(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"));
        Path docm = write("a.docm", docm());
        DisarmResult result = broken.disarm(docm, broken.detect(docm, "a.docm"), dir);
        assertThat(result)
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        r -> assertThat(r.reason().code()).isEqualTo(ReasonCode.VERIFY_FAILED));
    }

    @Test
    void duplicateEntriesAndTraversalNamesAreRefused() throws Exception {
        Path dup = write("dup.docx", zip(List.of("[Content_Types].xml", "word/document.xml", "WORD/document.xml")));
        Detection d = new Detection(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", ".docx");
        assertThat(sanitizer.disarm(dup, d, dir))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        r -> assertThat(r.reason().detail()).contains("duplicate"));
        Path slip = write("slip.docx", zip(List.of("[Content_Types].xml", "../../evil.xml")));
        assertThat(sanitizer.disarm(slip, d, dir))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        r -> assertThat(r.reason().code()).isEqualTo(ReasonCode.UNSAFE_ENTRY_NAME));
    }

    @Test
    void executablesAndUnknownTypesAreRefused() throws Exception {
        byte[] pe = new byte[512];
        pe[0] = 'M';
        pe[1] = 'Z';
        Path exe = write("invoice.pdf", pe);
        Detection d = sanitizer.detect(exe, "invoice.pdf");
        assertThat(d.mediaType()).isNotEqualTo("application/pdf");
        assertThat(sanitizer.disarm(exe, d, dir)).isInstanceOf(DisarmResult.Refused.class);
    }

    @Test
    void truncatedSpecimensAlwaysEndInAVerdict() throws Exception {
        byte[] docm = docm();
        for (int len = 1; len < docm.length; len = len * 2 + 1) {
            Path cut = write("cut.docm", java.util.Arrays.copyOf(docm, len));
            DisarmResult r = sanitizer.disarm(cut, sanitizer.detect(cut, "cut.docm"), dir);
            assertThat(r).isNotNull();
        }
    }

    @Test
    void clamdRepliesOtherThanOkAreNeverClean() {
        assertThat(ClamdClient.classify("stream: OK")).isInstanceOf(ScanOutcome.Clean.class);
        assertThat(ClamdClient.classify("stream: Eicar FOUND")).isInstanceOf(ScanOutcome.Infected.class);
        assertThat(ClamdClient.classify("INSTREAM size limit exceeded. ERROR"))
                .isInstanceOf(ScanOutcome.Unscannable.class);
        assertThat(ClamdClient.classify("stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND"))
                .isInstanceOf(ScanOutcome.Unscannable.class);
        assertThat(ClamdClient.classify("")).isInstanceOf(ScanOutcome.Unscannable.class);
        assertThat(ClamdClient.classify("stream: Heuristics.Encrypted.Zip FOUND"))
                .isEqualTo(new ScanOutcome.Encrypted("Heuristics.Encrypted.Zip"));
        assertThat(ClamdClient.classify("stream: OK extra")).isInstanceOf(ScanOutcome.Unscannable.class);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] zip(List<String> names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String n : names) {
                zip.putNextEntry(new ZipEntry(n));
                zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] docm() throws IOException {
        ByteArrayOutputStream docx = new ByteArrayOutputStream();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createParagraph().createRun().setText("令和八年度の見積書");
            doc.write(docx);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(docx.toByteArray()));
                OutputStream raw = out;
                ZipOutputStream zip = new ZipOutputStream(raw)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("[Content_Types].xml")) {
                    content = new String(content, StandardCharsets.UTF_8)
                            .replace("wordprocessingml.document.main+xml\"", "wordprocessingml.document.main+xml\"")
                            .replace(
                                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                    "application/vnd.ms-word.document.macroEnabled.main+xml")
                            .replace(
                                    "</Types>",
                                    "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>")
                            .getBytes(StandardCharsets.UTF_8);
                }
                if (e.getName().equals("word/_rels/document.xml.rels")) {
                    content = new String(content, StandardCharsets.UTF_8)
                            .replace(
                                    "</Relationships>",
                                    "<Relationship Id=\"rIdVba\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>")
                            .getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(content);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("word/vbaProject.bin"));
            zip.write("Sub AutoOpen()\nEnd Sub\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
