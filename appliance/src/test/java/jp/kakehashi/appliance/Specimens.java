package jp.kakehashi.appliance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
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

    /** A one-page PDF that shows {@code text} (ASCII, in a standard font). */
    static byte[] pdf(String text) throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A ZIP of these members, in this order. */
    static byte[] zip(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (var m : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeEntry();
            }
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

    /**
     * A truecolour PNG of {@code width × height} black pixels, written row by row so the test
     * never holds the image: a few hundred KB that decode to {@code width × height × 3} bytes.
     * Under the header pixel limit, over a small worker heap (ATTACKS IMG-01, F-11).
     */
    static byte[] pngOfSize(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] row = new byte[1 + width * 3];
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2);
        chunk(png, "IHDR", ihdr.put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(typeBytes);
        png.write(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
