package jp.kakehashi.appliance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Hostile and ordinary documents made by code, never downloaded. */
final class Specimens {
    static final String VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject";

    private Specimens() {}

    /** A Word document with {@code text} in its body. */
    static byte[] docx(String text) throws IOException {
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(text);
            doc.write(out);
            return out.toByteArray();
        }
    }

    /** The same document made macro-enabled: a VBA project part, its relationship and the .docm main type. */
    static byte[] docm(String text) throws IOException {
        byte[] docx = docx(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(docx));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                String name = e.getName();
                if (name.equals("[Content_Types].xml")) {
                    String ct = new String(content, StandardCharsets.UTF_8)
                            .replace(
                                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                    "application/vnd.ms-word.document.macroEnabled.main+xml")
                            .replace(
                                    "</Types>",
                                    "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>");
                    content = ct.getBytes(StandardCharsets.UTF_8);
                }
                if (name.equals("word/_rels/document.xml.rels")) {
                    content = new String(content, StandardCharsets.UTF_8)
                            .replace(
                                    "</Relationships>",
                                    "<Relationship Id=\"rIdVba\" Type=\"" + VBA_REL
                                            + "\" Target=\"vbaProject.bin\"/></Relationships>")
                            .getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("word/vbaProject.bin"));
            zip.write("Attribute VB_Name = \"ThisDocument\"\nSub AutoOpen()\nShell \"calc.exe\"\nEnd Sub\n"
                    .getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** A one-page PDF that runs JavaScript when opened. */
    static byte[] pdfWithOpenActionJavaScript() throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('pwned');"));
            doc.save(out);
            return out.toByteArray();
        }
    }
}
