package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Word, Excel or PowerPoint package decided from its main part's content type, read from
 * {@code _rels/.rels} and {@code [Content_Types].xml} with the hardened parser, and an
 * OpenDocument package from its {@code mimetype} entry: the answers Tika's container detectors
 * give, without their whole pass (1.4–5 ms a file). Anything else — macro-enabled and template
 * types, strict OOXML, a main part typed only by its extension, a ZIP {@code java.util.zip}
 * cannot read, any doubt — is left to Tika; {@code SignaturesTest} holds the two to the same
 * answer on every specimen.
 */
final class PackageSignature {
    private PackageSignature() {}

    private static final String OFFICE_DOCUMENT =
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

    /** Parts this small are all a real package needs; a larger one is left to Tika. */
    private static final int MAX_PART = 1 << 20;

    private static final Map<String, String> MAIN_TYPES = Map.of(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");

    /** OpenDocument types as the {@code mimetype} entry names them. */
    private static final java.util.Set<String> OPEN_DOCUMENT = java.util.Set.of(
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.presentation",
            "application/vnd.oasis.opendocument.graphics");

    /** The package's type, if it is one of those above and nothing about it is in doubt. */
    static Optional<String> of(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry mimetype = zip.getEntry("mimetype");
            if (mimetype != null) {
                return openDocument(zip, mimetype);
            }
            Optional<Document> rels = xml(zip, "_rels/.rels");
            Optional<Document> types = xml(zip, Ooxml.CONTENT_TYPES);
            if (rels.isEmpty() || types.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> main = mainPart(rels.get());
            if (main.isEmpty() || zip.getEntry(main.get()) == null) {
                return Optional.empty();
            }
            NodeList overrides = types.get().getElementsByTagNameNS("*", "Override");
            for (int i = 0; i < overrides.getLength(); i++) {
                Element e = (Element) overrides.item(i);
                if (e.getAttribute("PartName").equalsIgnoreCase("/" + main.get())) {
                    return Optional.ofNullable(
                            MAIN_TYPES.get(e.getAttribute("ContentType").toLowerCase(Locale.ROOT)));
                }
            }
            return Optional.empty();
        } catch (IOException | SAXException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** An OpenDocument package whose {@code mimetype} entry names one of the four types exactly. */
    private static Optional<String> openDocument(ZipFile zip, ZipEntry mimetype) throws IOException {
        if (mimetype.getSize() < 0 || mimetype.getSize() > 100 || zip.getEntry("content.xml") == null) {
            return Optional.empty();
        }
        String type;
        try (InputStream in = zip.getInputStream(mimetype)) {
            type = new String(in.readNBytes(101), java.nio.charset.StandardCharsets.US_ASCII);
        }
        return OPEN_DOCUMENT.contains(type) ? Optional.of(type) : Optional.empty();
    }

    /** The one main document part the package relationships name, or empty when not exactly one. */
    private static Optional<String> mainPart(Document rels) {
        Optional<String> main = Optional.empty();
        NodeList list = rels.getElementsByTagNameNS("*", "Relationship");
        for (int i = 0; i < list.getLength(); i++) {
            Element r = (Element) list.item(i);
            if (r.getAttribute("Type").equals(OFFICE_DOCUMENT)) {
                if (main.isPresent() || r.getAttribute("TargetMode").equalsIgnoreCase("External")) {
                    return Optional.empty();
                }
                main = Ooxml.resolve("", r.getAttribute("Target"));
                if (main.isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        return main;
    }

    private static Optional<Document> xml(ZipFile zip, String name) throws IOException, SAXException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null || entry.getSize() < 0 || entry.getSize() > MAX_PART) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(MAX_PART + 1);
        }
        if (bytes.length > MAX_PART) {
            return Optional.empty();
        }
        return Optional.of(HardenedXml.documentBuilder().parse(new java.io.ByteArrayInputStream(bytes)));
    }
}
