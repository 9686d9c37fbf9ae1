package jp.kakehashi.sanitizer.specimens;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Reads a disarmed output along a path of its own (not the sanitizer's disarmers or verifier) and
 * lists every piece of active content still in it. An empty list means nothing was left behind.
 */
public final class IndependentReader {
    private static final Set<String> PDF_KEYS = Set.of(
            "JS",
            "JavaScript",
            "OpenAction",
            "AA",
            "EmbeddedFile",
            "EmbeddedFiles",
            "XFA",
            "RichMedia",
            "RichMediaContent");
    private static final Set<String> PDF_ACTIONS = Set.of(
            "JavaScript",
            "Launch",
            "SubmitForm",
            "ImportData",
            "GoToR",
            "GoToE",
            "Sound",
            "Movie",
            "Rendition",
            "RichMediaExecute");
    private static final Set<String> PDF_ANNOTATIONS =
            Set.of("FileAttachment", "RichMedia", "Sound", "Movie", "3D", "Screen");
    private static final Pattern FIELD = Pattern.compile("\\b(DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE)\\b");
    private static final Pattern DDE_FORMULA = Pattern.compile("<f>[^<]*\\|[^<]*!");

    private IndependentReader() {}

    public static List<String> leftovers(Path file, String mediaType) throws IOException {
        return leftovers(Files.readAllBytes(file), mediaType, file.getFileName().toString());
    }

    static List<String> leftovers(byte[] bytes, String mediaType, String name) throws IOException {
        String type = mediaType.toLowerCase(Locale.ROOT);
        if (type.equals("application/pdf")) {
            return pdf(bytes);
        }
        if (type.equals("application/msword")
                || type.equals("application/vnd.ms-excel")
                || type.equals("application/vnd.ms-powerpoint")) {
            return ole2(bytes);
        }
        if (type.contains("openxmlformats")
                || type.contains("ms-word")
                || type.contains("ms-excel")
                || type.contains("ms-powerpoint")) {
            return ooxml(bytes);
        }
        if (type.startsWith("application/vnd.oasis.opendocument.")) {
            return odf(bytes);
        }
        if (type.equals("application/zip")) {
            return zip(bytes);
        }
        if (type.equals("message/rfc822")) {
            return email(bytes);
        }
        if (type.equals("application/rtf")) {
            return rtf(bytes);
        }
        if (type.equals("image/svg+xml") || type.equals("text/html")) {
            return markup(bytes);
        }
        if (type.startsWith("image/")) {
            return image(bytes, type);
        }
        if (type.equals("text/csv") || type.equals("text/tab-separated-values")) {
            return csv(bytes, type.equals("text/csv") ? "," : "\t");
        }
        if (type.startsWith("text/")) {
            return List.of();
        }
        return List.of("no independent reader for " + mediaType + " (" + name + ")");
    }

    static List<String> pdf(byte[] bytes) throws IOException {
        List<String> found = new ArrayList<>();
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        if (raw.indexOf("%%EOF") != raw.lastIndexOf("%%EOF")) {
            found.add("incremental update (more than one %%EOF)");
        }
        if (raw.contains("PK\u0003\u0004")) {
            found.add("an embedded ZIP signature");
        }
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            if (doc.isEncrypted()) {
                found.add("still encrypted");
            }
            for (Map.Entry<COSObjectKey, Long> e :
                    doc.getDocument().getXrefTable().entrySet()) {
                COSObject object = doc.getDocument().getObjectFromPool(e.getKey());
                COSBase base = object.getObject();
                if (base instanceof COSDictionary dict) {
                    pdfDictionary(dict, found);
                }
            }
            pdfDictionary(doc.getDocumentCatalog().getCOSObject(), found);
        }
        return found;
    }

    private static void pdfDictionary(COSDictionary dict, List<String> found) {
        for (COSName key : dict.keySet()) {
            if (PDF_KEYS.contains(key.getName())) {
                found.add("/" + key.getName());
            }
        }
        COSName s = dict.getCOSName(COSName.S);
        if (s != null && PDF_ACTIONS.contains(s.getName())) {
            found.add("action /S /" + s.getName());
        }
        COSName subtype = dict.getCOSName(COSName.SUBTYPE);
        if (subtype != null && PDF_ANNOTATIONS.contains(subtype.getName())) {
            found.add("annotation /" + subtype.getName());
        }
        String uri = dict.getString(COSName.URI);
        if (uri != null && !uri.toLowerCase(Locale.ROOT).matches("^(https?|mailto):.*")) {
            found.add("URI " + uri);
        }
    }

    static List<String> ooxml(byte[] bytes) throws IOException {
        List<String> found = new ArrayList<>();
        Map<String, byte[]> parts = Zips.read(bytes);
        if (!parts.containsKey("[Content_Types].xml")) {
            found.add("no [Content_Types].xml: not an OOXML package");
        }
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            String name = part.getKey().toLowerCase(Locale.ROOT);
            String xml = new String(part.getValue(), StandardCharsets.UTF_8);
            if (name.contains("embeddings/") && name.matches(".*\\.(docx|xlsx|pptx)$")) {
                for (String problem : ooxml(part.getValue())) {
                    found.add(part.getKey() + ": " + problem);
                }
                continue;
            }
            if (name.contains("vbaproject")
                    || name.contains("vbadata")
                    || name.contains("activex/")
                    || name.contains("embeddings/")
                    || name.contains("macrosheets/")
                    || name.startsWith("customui")
                    || name.endsWith("connections.xml")) {
                found.add("part " + part.getKey());
            }
            if (xml.contains("<!DOCTYPE")) {
                found.add("DOCTYPE in " + part.getKey());
            }
            if (name.equals("[content_types].xml")
                    && xml.toLowerCase(Locale.ROOT).contains("macroenabled")) {
                found.add("macro-enabled content type");
            }
            if (name.endsWith(".rels")) {
                for (String rel : xml.split("<Relationship ")) {
                    if (rel.contains("TargetMode=\"External\"") && !rel.contains("/hyperlink\"")) {
                        found.add("external relationship in " + part.getKey() + ": " + rel.replaceAll("\\s+", " "));
                    }
                    if (rel.contains("vbaProject")
                            || rel.contains("attachedTemplate")
                            || rel.contains("/oleObject\"")) {
                        found.add("active relationship in " + part.getKey());
                    }
                }
            }
            if (name.startsWith("word/") && name.endsWith(".xml")) {
                var instructions = Pattern.compile("(?:w:instr=\"([^\"]*)\"|<w:instrText[^>]*>([^<]*)<)")
                        .matcher(xml);
                while (instructions.find()) {
                    String code = instructions.group(1) != null ? instructions.group(1) : instructions.group(2);
                    if (FIELD.matcher(code.toUpperCase(Locale.ROOT)).find()) {
                        found.add("field " + code.trim() + " in " + part.getKey());
                    }
                }
            }
            if (name.startsWith("xl/worksheets/") && DDE_FORMULA.matcher(xml).find()) {
                found.add("DDE formula in " + part.getKey());
            }
        }
        return found;
    }

    private static final Pattern ODF_ACTIVE = Pattern.compile(
            "<(office:script|office:event-listeners|script:event-listener|presentation:event-listener|draw:object-ole|draw:applet"
                    + "|draw:plugin|draw:floating-frame|form:form|text:section-source|table:table-source"
                    + "|text:execute-macro|text:dde-connection|table:dde-link|office:dde-source)\\b"
                    + "|vnd\\.sun\\.star\\.script:|\"macro:|WEBSERVICE\\(|\\bDDE\\(|xlink:href=\"(file|https?|smb):"
                    + "|<!DOCTYPE");

    /** ODF by raw text over every entry: code folders, OLE bytes, and active markup anywhere. */
    static List<String> odf(byte[] bytes) {
        List<String> found = new ArrayList<>();
        Map<String, byte[]> parts = Zips.read(bytes);
        if (!parts.keySet().stream().findFirst().orElse("").equals("mimetype")) {
            found.add("mimetype is not the first entry");
        }
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            String name = part.getKey().toLowerCase(Locale.ROOT);
            byte[] content = part.getValue();
            if (name.startsWith("basic/")
                    || name.startsWith("scripts/")
                    || name.startsWith("dialogs/")
                    || name.startsWith("configurations2/")) {
                found.add("part " + part.getKey());
            }
            if (content.length >= 4 && (content[0] & 0xff) == 0xD0 && (content[1] & 0xff) == 0xCF) {
                found.add("OLE compound file " + part.getKey());
            }
            if (name.contains("manifest.xml")
                    && new String(content, StandardCharsets.UTF_8).contains("encryption-data")) {
                found.add("encrypted entries");
            }
            String xml = new String(content, StandardCharsets.UTF_8);
            var m = ODF_ACTIVE.matcher(xml);
            while (m.find()) {
                // A hyperlink to the web is a link, not a fetch.
                int tag = xml.lastIndexOf('<', m.start());
                String element = xml.substring(tag, Math.min(xml.length(), tag + 8));
                if (m.group().startsWith("xlink:href=\"http") && element.startsWith("<text:a")) {
                    continue;
                }
                found.add(m.group() + " in " + part.getKey());
            }
        }
        return found;
    }

    /** Storage names that hold code or objects, found as UTF-16LE in the compound file's directory sectors. */
    private static final List<String> OLE2_STORAGES =
            List.of("_VBA_PROJECT_CUR", "Macros", "ObjectPool", "MBD", "\u0001Ole10Native", "VBA\0");

    /** Legacy Office by raw bytes: the compound file's directory names, without any OLE library. */
    static List<String> ole2(byte[] bytes) {
        List<String> found = new ArrayList<>();
        if (bytes.length < 8 || (bytes[0] & 0xff) != 0xD0 || (bytes[1] & 0xff) != 0xCF) {
            found.add("not a compound file");
        }
        String utf16 = new String(bytes, StandardCharsets.UTF_16LE);
        String shifted = bytes.length > 1 ? new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_16LE) : "";
        for (String storage : OLE2_STORAGES) {
            if (utf16.contains(storage) || shifted.contains(storage)) {
                found.add("storage " + storage.replace("\0", "").replace("\u0001", "\\1"));
            }
        }
        return found;
    }

    /** E-mail through mime4j's DOM: each part is read again as the type its name says. */
    static List<String> email(byte[] bytes) throws IOException {
        List<String> found = new ArrayList<>();
        org.apache.james.mime4j.dom.Message message = new org.apache.james.mime4j.message.DefaultMessageBuilder()
                .parseMessage(new ByteArrayInputStream(bytes));
        List<org.apache.james.mime4j.dom.Entity> parts = new ArrayList<>();
        collect(message, parts);
        for (org.apache.james.mime4j.dom.Entity part : parts) {
            byte[] content;
            if (part.getBody() instanceof org.apache.james.mime4j.dom.SingleBody body) {
                try (var in = body.getInputStream()) {
                    content = in.readAllBytes();
                }
            } else if (part.getBody() instanceof org.apache.james.mime4j.dom.Message nested) {
                content = org.apache.james.mime4j.message.DefaultMessageWriter.asBytes(nested);
            } else {
                continue;
            }
            String name = part.getFilename() != null ? part.getFilename() : "body";
            String type = part.getMimeType().toLowerCase(Locale.ROOT);
            if (name.matches("(?i).*\\.(exe|js|vbs|bat|cmd|ps1|hta|scr|docm|xlsm|pptm)$")) {
                found.add("forbidden attachment " + name);
                continue;
            }
            String readAs = name.toLowerCase(Locale.ROOT).endsWith(".docx")
                            || name.toLowerCase(Locale.ROOT).endsWith(".xlsx")
                    ? "application/vnd.openxmlformats-officedocument"
                    : name.toLowerCase(Locale.ROOT).endsWith(".zip") ? "application/zip" : type;
            if (readAs.equals("application/octet-stream")) {
                found.add("unread attachment " + name);
                continue;
            }
            for (String problem : leftovers(content, readAs, name)) {
                found.add(name + ": " + problem);
            }
        }
        return found;
    }

    private static void collect(
            org.apache.james.mime4j.dom.Entity entity, List<org.apache.james.mime4j.dom.Entity> parts) {
        if (entity.getBody() instanceof org.apache.james.mime4j.dom.Multipart multipart) {
            for (org.apache.james.mime4j.dom.Entity part : multipart.getBodyParts()) {
                collect(part, parts);
            }
        } else {
            parts.add(entity);
        }
    }

    static List<String> zip(byte[] bytes) throws IOException {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : Zips.read(bytes).entrySet()) {
            String name = e.getKey();
            if (name.startsWith("/") || name.contains("..") || name.contains("\\") || name.contains(":")) {
                found.add("unsafe entry name " + name);
            }
            String lower = name.toLowerCase(Locale.ROOT);
            String type = lower.endsWith(".pdf")
                    ? "application/pdf"
                    : lower.endsWith(".docx") || lower.endsWith(".xlsx") || lower.endsWith(".pptx")
                            ? "application/vnd.openxmlformats-officedocument"
                            : lower.endsWith(".zip")
                                    ? "application/zip"
                                    : lower.endsWith(".png")
                                            ? "image/png"
                                            : lower.endsWith(".csv")
                                                    ? "text/csv"
                                                    : lower.endsWith(".exe")
                                                                    || lower.endsWith(".docm")
                                                                    || lower.endsWith(".xlsm")
                                                            ? "forbidden"
                                                            : "text/plain";
            if (type.equals("forbidden")) {
                found.add("forbidden member " + name);
                continue;
            }
            for (String problem : leftovers(e.getValue(), type, name)) {
                found.add(name + ": " + problem);
            }
        }
        return found;
    }

    static List<String> image(byte[] bytes, String type) throws IOException {
        List<String> found = new ArrayList<>();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
        if (decoded == null) {
            found.add("does not decode as an image");
        }
        if (type.equals("image/png")) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int pos = 8;
            while (pos + 8 <= bytes.length) {
                int length = b.getInt(pos);
                String chunk = new String(bytes, pos + 4, 4, StandardCharsets.US_ASCII);
                if (Set.of("tEXt", "iTXt", "zTXt", "eXIf").contains(chunk)) {
                    found.add("PNG chunk " + chunk);
                }
                pos += 12 + length;
                if (chunk.equals("IEND")) {
                    break;
                }
            }
            if (pos != bytes.length) {
                found.add((bytes.length - pos) + " bytes after IEND");
            }
        }
        if (type.equals("image/jpeg")) {
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            int exif = raw.indexOf("Exif\0\0");
            if (exif >= 0 && !orientationOnly(bytes, exif + 6)) {
                found.add("EXIF segment");
            }
            if (raw.indexOf("\u00ff\u00fe") >= 0 && raw.indexOf("\u00ff\u00fe") < raw.indexOf("\u00ff\u00da")) {
                found.add("JPEG comment");
            }
            if (bytes.length < 2
                    || (bytes[bytes.length - 2] & 0xff) != 0xFF
                    || (bytes[bytes.length - 1] & 0xff) != 0xD9) {
                found.add("data after the end of the JPEG");
            }
        }
        return found;
    }

    /** An EXIF block whose first IFD holds one entry, the orientation: all a viewer needs to show a photo upright. */
    private static boolean orientationOnly(byte[] bytes, int tiff) {
        if (tiff + 14 > bytes.length || bytes[tiff] != 'M') {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, tiff, bytes.length - tiff).slice();
        int ifd = b.getInt(4);
        return ifd + 14 <= b.limit()
                && b.getShort(ifd) == 1
                && b.getShort(ifd + 2) == 0x0112
                && b.getInt(ifd + 14) == 0;
    }

    static List<String> csv(byte[] bytes, String delimiter) {
        List<String> found = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.contains("\uFFFD")) {
            text = new String(bytes, HostileSpecimens.CP932);
        }
        for (String line : text.split("\r\n|\n|\r")) {
            for (String cell : line.split(delimiter, -1)) {
                String c = cell.startsWith("\"") ? cell.substring(1) : cell;
                if (!c.isEmpty() && "=+-@".indexOf(c.charAt(0)) >= 0 && !c.matches("[-+]?[0-9.,]+")) {
                    found.add("formula cell " + cell);
                }
            }
        }
        return found;
    }

    /** RTF by a plain scan for destination words, outside any tokenizer. */
    static List<String> rtf(byte[] bytes) {
        List<String> found = new ArrayList<>();
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String word :
                List.of("\\object", "\\objdata", "\\objautlink", "\\objupdate", "\\template", "\\datastore")) {
            if (Pattern.compile(Pattern.quote(word) + "(?![a-z])").matcher(raw).find()) {
                found.add(word);
            }
        }
        if (Pattern.compile("fldinst[^}]*(DDE|INCLUDE)").matcher(raw).find()) {
            found.add("DDE or INCLUDE field");
        }
        return found;
    }

    /** SVG and HTML by case-insensitive search for what can run or fetch. */
    static List<String> markup(byte[] bytes) {
        List<String> found = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String needle : List.of(
                "<script", "<iframe", "<foreignobject", "<form", "javascript:", "@import", "http-equiv=\"refresh")) {
            if (text.contains(needle)) {
                found.add(needle);
            }
        }
        if (Pattern.compile("<[^>]*\\son[a-z]+\\s*=").matcher(text).find()) {
            found.add("event handler");
        }
        if (Pattern.compile("<image[^>]*href=\"http").matcher(text).find()) {
            found.add("remote image");
        }
        return found;
    }
}
