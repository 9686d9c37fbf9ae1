package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.kakehashi.sanitizer.specimens.EmailSpecimens;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.poi.hpsf.ClassIDPredefined;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's fidelity suite: clean documents written by a real office suite (LibreOffice, which
 * {@code .ci/run} installs) with Japanese text and tables; every rebuilt file must open in
 * LibreOffice again and keep at least 99 % of its text. An old-format file whose active content
 * cannot be cut out is refused, and the text profile still gives its words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidelityIT {
    private static final String HTML = """
            <html><head><meta charset="utf-8"><title>見積書</title></head><body>
            <h1>令和8年度 業務委託 見積書</h1>
            <p>架け橋市 総務部 情報政策課 御中。下記のとおりお見積り申し上げます。</p>
            <table border="1"><tr><th>品目</th><th>数量</th><th>金額</th></tr>
            <tr><td>システム保守</td><td>12</td><td>1,200,000円</td></tr>
            <tr><td>研修（職員向け）</td><td>3</td><td>450,000円</td></tr></table>
            <p>有効期限：発行日より30日間。担当：山田太郎（株式会社サンプル）</p>
            </body></html>
            """;
    private static final String CSV = "品目,数量,金額\nシステム保守,12,1200000\n研修（職員向け）,3,450000\n合計,,1650000\n";

    @TempDir
    static Path dir;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
    final Map<String, Path> documents = new LinkedHashMap<>();

    /** What LibreOffice said on each run, shown when a check fails. */
    final StringBuilder conversions = new StringBuilder();

    @BeforeAll
    void writeDocumentsWithLibreOffice() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path html = src.resolve("mitsumori.html");
        Files.writeString(html, HTML);
        for (String format : List.of("docx", "odt", "doc", "rtf", "pdf")) {
            soffice(src, "--infilter=HTML (StarWriter)", format, html.toString());
            documents.put(format, src.resolve("mitsumori." + format));
        }
        Path csv = src.resolve("yosan.csv");
        Files.writeString(csv, CSV);
        for (String format : List.of("xlsx", "xls", "ods")) {
            soffice(src, "--infilter=CSV:44,34,76", format, csv.toString());
            documents.put(format, src.resolve("yosan." + format));
        }
        Path poi = Files.createDirectories(dir.resolve("poi")).resolve("setsumei.pptx");
        try (XMLSlideShow show = new XMLSlideShow()) {
            XSLFTextBox box = show.createSlide().createTextBox();
            box.setText("説明資料：窓口の受付時間は午前8時30分から午後5時15分までです。");
            try (var out = Files.newOutputStream(poi)) {
                show.write(out);
            }
        }
        for (String format : List.of("pptx", "ppt", "odp")) {
            soffice(src, "", format, poi.toString());
            documents.put(format, src.resolve("setsumei." + format));
        }
        assertThat(documents.values()).allSatisfy(p -> assertThat(p).isNotEmptyFile());
    }

    @Test
    void everyRebuiltDocumentOpensInLibreOfficeAndKeepsItsText() throws Exception {
        Path rebuilt = Files.createDirectories(dir.resolve("rebuilt"));
        Map<String, Path> outputs = new LinkedHashMap<>();
        for (String format : REBUILT) {
            Path in = documents.get(format);
            DisarmResult result =
                    sanitizer.disarm(in, sanitizer.detect(in, in.getFileName().toString()), dir);
            assertThat(result).as(format).isInstanceOf(DisarmResult.Disarmed.class);
            DisarmResult.Disarmed d = (DisarmResult.Disarmed) result;
            assertThat(d.method()).as(format).isEqualTo(Profile.REBUILD);
            assertThat(d.removals())
                    .as(format + ": a clean document loses nothing")
                    .isEmpty();
            Path out = rebuilt.resolve("rebuilt-" + format + "." + format);
            Files.move(d.output(), out);
            outputs.put(format, out);
            String before = sanitizer.extractText(in, d.mediaType());
            String after = sanitizer.extractText(out, d.mediaType());
            assertThat(TextSimilarity.of(before, after))
                    .as(format + " text kept:\n" + before + "\n---\n" + after)
                    .isGreaterThanOrEqualTo(0.99);
        }
        // LibreOffice opens each rebuilt file: converting it succeeds (and the sheets keep their Japanese text).
        Path opened = Files.createDirectories(dir.resolve("opened"));
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        outputs.forEach((format, out) -> byTarget.computeIfAbsent(openedAs(format), t -> new java.util.ArrayList<>())
                .add(out.toString()));
        for (Map.Entry<String, List<String>> target : byTarget.entrySet()) {
            soffice(opened, "", target.getKey(), target.getValue().toArray(String[]::new));
        }
        for (String format : REBUILT) {
            String name = "rebuilt-" + format + "." + openedAs(format).replaceAll(":.*", "");
            assertThat(opened.resolve(name))
                    .as(name + " written by LibreOffice:\n" + conversions)
                    .isNotEmptyFile();
        }
        for (String sheet : List.of("xlsx", "ods", "xls")) {
            assertThat(Files.readString(opened.resolve("rebuilt-" + sheet + ".csv"), StandardCharsets.UTF_8))
                    .as(sheet)
                    .contains("研修（職員向け）");
        }
    }

    /** Formats rebuilt (not only reduced to text), each converted by LibreOffice afterwards to prove it opens. */
    private static final List<String> REBUILT =
            List.of("docx", "rtf", "pdf", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt");

    private static String openedAs(String format) {
        return switch (format) {
            case "xlsx", "ods", "xls" -> "csv:Text - txt - csv (StarCalc):44,34,76";
            case "pdf" -> "odg";
            default -> "pdf";
        };
    }

    /** A real .doc with a VBA project and an embedded object added: both storages go, and Word's text stays. */
    @Test
    void macroAndObjectStoragesLeaveARealDocAndItStillOpens() throws Exception {
        Path in = dir.resolve("macro.doc");
        try (POIFSFileSystem fs = new POIFSFileSystem(Files.newInputStream(documents.get("doc")));
                var out = Files.newOutputStream(in)) {
            fs.getRoot()
                    .createDirectory("Macros")
                    .createDirectory("VBA")
                    .createDocument("dir", new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
            fs.getRoot()
                    .createDirectory("ObjectPool")
                    .createDirectory("_1234567890")
                    .createDocument("\u0001Ole10Native", new java.io.ByteArrayInputStream(new byte[] {'M', 'Z'}));
            fs.writeFilesystem(out);
        }
        DisarmResult result = sanitizer.disarm(in, sanitizer.detect(in, "macro.doc"), dir);
        assertThat(result).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.removals()).extracting(Removal::kind).containsExactlyInAnyOrder("macro", "ole-object");
            assertThat(d.nameFor("macro.doc")).isEqualTo("macro.doc");
        });
        Path out = dir.resolve("rebuilt-macro.doc");
        Files.move(((DisarmResult.Disarmed) result).output(), out);
        assertThat(TextSimilarity.of(sanitizer.extractText(in, Ole2.WORD), sanitizer.extractText(out, Ole2.WORD)))
                .isGreaterThanOrEqualTo(0.99);
        Path opened = Files.createDirectories(dir.resolve("opened-macro"));
        soffice(opened, "", "pdf", out.toString());
        assertThat(opened.resolve("rebuilt-macro.pdf"))
                .as(conversions.toString())
                .isNotEmptyFile();
    }

    /**
     * ISSUE 28: a real .ppt whose embedded-object record holds an empty compound file (no streams,
     * no macro flag) comes through clean, and LibreOffice opens what crosses.
     */
    @Test
    void aPptWithAnEmptyObjectComesThroughCleanAndOpens() throws Exception {
        Path in = dir.resolve("empty-object.ppt");
        try (var show = new HSLFSlideShow(Files.newInputStream(documents.get("ppt")));
                POIFSFileSystem empty = new POIFSFileSystem();
                var out = Files.newOutputStream(in)) {
            empty.getRoot().setStorageClsid(ClassIDPredefined.EXCEL_V8.getClassID());
            show.addEmbed(empty);
            show.write(out);
        }
        DisarmResult result = sanitizer.disarm(in, sanitizer.detect(in, "empty-object.ppt"), dir);
        assertThat(result)
                .isInstanceOfSatisfying(
                        DisarmResult.Disarmed.class,
                        d -> assertThat(d.removals()).isEmpty());
        Path out = dir.resolve("rebuilt-empty-object.ppt");
        Files.move(((DisarmResult.Disarmed) result).output(), out);
        Path opened = Files.createDirectories(dir.resolve("opened-ppt"));
        soffice(opened, "", "pdf", out.toString());
        assertThat(opened.resolve("rebuilt-empty-object.pdf"))
                .as(conversions.toString())
                .isNotEmptyFile();
    }

    /**
     * ISSUE 28: a mail Thunderbird saved (an mbox {@code From } line first) with a LibreOffice
     * document attached comes through as a mail, and the attachment that crosses opens in LibreOffice.
     */
    @Test
    void aMailSavedByThunderbirdComesThroughAndItsAttachmentOpens() throws Exception {
        byte[] mail = EmailSpecimens.mail(
                EmailSpecimens.text("見積書をお送りします。"),
                EmailSpecimens.attachment("見積書.docx", Files.readAllBytes(documents.get("docx"))));
        Path in = dir.resolve("見積書送付.eml");
        Files.write(in, concat("From - Mon Dec 07 10:00:00 2026\r\n".getBytes(StandardCharsets.US_ASCII), mail));
        DisarmResult result = sanitizer.disarm(in, sanitizer.detect(in, "見積書送付.eml"), dir);
        assertThat(result).isInstanceOf(DisarmResult.Disarmed.class);
        Message rebuilt;
        try (var stream = Files.newInputStream(((DisarmResult.Disarmed) result).output())) {
            rebuilt = new DefaultMessageBuilder().parseMessage(stream);
        }
        Path attachment = dir.resolve("attached.docx");
        for (Entity part : ((Multipart) rebuilt.getBody()).getBodyParts()) {
            if ("見積書.docx".equals(part.getFilename())) {
                try (var body = ((SingleBody) part.getBody()).getInputStream()) {
                    Files.write(attachment, body.readAllBytes());
                }
            }
        }
        assertThat(attachment).as("the rebuilt mail carries the document").isNotEmptyFile();
        Path opened = Files.createDirectories(dir.resolve("opened-mail"));
        soffice(opened, "", "pdf", attachment.toString());
        assertThat(opened.resolve("attached.pdf")).as(conversions.toString()).isNotEmptyFile();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A DDEAUTO field inside Word's text cannot be cut out of a .doc: refused, and the text profile still gives the words. */
    @Test
    void aDocWithADdeFieldIsRefusedAndTheTextProfileStillGivesItsText() throws Exception {
        Path src = Files.createDirectories(dir.resolve("dde"));
        Path rtf = src.resolve("dde.rtf");
        Files.writeString(
                rtf,
                "{\\rtf1\\ansi {\\field{\\*\\fldinst DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/c calc\"}"
                        + "{\\fldrslt 1}} Meeting notes here\\par}",
                StandardCharsets.US_ASCII);
        soffice(src, "", "doc", rtf.toString());
        Path doc = src.resolve("dde.doc");
        Detection detection = sanitizer.detect(doc, "dde.doc");
        assertThat(sanitizer.disarm(doc, detection, dir)).isInstanceOfSatisfying(DisarmResult.Refused.class, r -> {
            assertThat(r.reason().code()).isEqualTo(ReasonCode.LEGACY_OFFICE);
            assertThat(r.reason().detail()).contains("DDEAUTO");
        });
        DisarmResult text =
                sanitizer.disarm(doc, detection, dir, DisarmOptions.ladder(List.of(Profile.REBUILD, Profile.TEXT)));
        assertThat(text).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.method()).isEqualTo(Profile.TEXT);
            assertThat(d.nameFor("dde.doc")).isEqualTo("dde.txt");
        });
        assertThat(Files.readString(((DisarmResult.Disarmed) text).output())).contains("Meeting notes here");
    }

    /** Runs {@code soffice --headless [filter] --convert-to FORMAT --outdir OUT FILES}. */
    private void soffice(Path outDir, String inFilter, String format, String... files)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "soffice",
                "-env:UserInstallation=file://" + dir.resolve("lo-profile").toAbsolutePath(),
                "--headless",
                "--norestore"));
        if (!inFilter.isEmpty()) {
            command.add(inFilter);
        }
        command.addAll(List.of("--convert-to", format, "--outdir", outDir.toString()));
        command.addAll(List.of(files));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("soffice.log").toFile())
                .start();
        if (!p.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("soffice did not finish: " + command);
        }
        String log = Files.readString(dir.resolve("soffice.log"));
        conversions.append(String.join(" ", command)).append('\n').append(log).append('\n');
        assertThat(p.exitValue()).as("soffice " + command + ": " + log).isZero();
    }
}
