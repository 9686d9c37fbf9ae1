package jp.kakehashi.sanitizer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Facts about Office Open XML packages (ECMA-376 part 2) shared by the disarmer and its verifier. */
final class Ooxml {
    static final String CONTENT_TYPES = "[Content_Types].xml";
    static final String CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types";
    static final String RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
    /** The namespace of attributes that name a relationship ({@code r:id}, {@code r:embed}). */
    static final String R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    static final String HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

    /** Content types of parts that hold code, controls or embedded objects (CDR-NOTES §1.4). */
    static final Set<String> ACTIVE_CONTENT_TYPES = Set.of(
            "application/vnd.ms-office.vbaproject",
            "application/vnd.ms-office.vbaprojectsignature",
            "application/vnd.ms-office.vbaprojectsignatureagile",
            "application/vnd.ms-office.vbaprojectsignaturev3",
            "application/vnd.ms-word.vbadata+xml",
            "application/vnd.ms-excel.macrosheet+xml",
            "application/vnd.ms-excel.intlmacrosheet+xml",
            "application/vnd.ms-office.activex+xml",
            "application/vnd.ms-office.activex",
            "application/vnd.openxmlformats-officedocument.oleobject",
            "application/vnd.ms-word.attachedtoolbars",
            // Data connections and query tables refresh from databases, web pages or files on open.
            "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.querytable+xml");

    /** Relationship types that load code or remote content whatever their target. */
    static final Set<String> ACTIVE_RELATIONSHIPS = Set.of(
            "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
            "http://schemas.microsoft.com/office/2006/relationships/vbaProjectSignature",
            "http://schemas.microsoft.com/office/2006/relationships/wordVbaData",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/control",
            "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
            "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
            "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin");

    /** Part folders whose whole content is active or signed and goes. */
    static final Set<String> ACTIVE_FOLDERS =
            Set.of("customui/", "_xmlsignatures/", "word/activex/", "xl/activex/", "ppt/activex/");

    /** Macro-enabled main part content type to its normal twin, the media type and extension. */
    record MainType(String normalContentType, String mediaType, String extension) {}

    private static final String OD = "application/vnd.openxmlformats-officedocument.";

    static final Map<String, MainType> MAIN_TYPES = Map.ofEntries(
            main("application/vnd.ms-word.document.macroenabled.main+xml", "wordprocessingml.document", ".docx"),
            main(
                    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
                    "wordprocessingml.template",
                    ".dotx"),
            main("application/vnd.ms-excel.sheet.macroenabled.main+xml", "spreadsheetml.sheet", ".xlsx"),
            main("application/vnd.ms-excel.template.macroenabled.main+xml", "spreadsheetml.template", ".xltx"),
            main(
                    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
                    "presentationml.presentation",
                    ".pptx"),
            main("application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml", "presentationml.slideshow", ".ppsx"),
            main("application/vnd.ms-powerpoint.template.macroenabled.main+xml", "presentationml.template", ".potx"),
            main(OD + "wordprocessingml.document.main+xml", "wordprocessingml.document", ".docx"),
            main(OD + "wordprocessingml.template.main+xml", "wordprocessingml.template", ".dotx"),
            main(OD + "spreadsheetml.sheet.main+xml", "spreadsheetml.sheet", ".xlsx"),
            main(OD + "spreadsheetml.template.main+xml", "spreadsheetml.template", ".xltx"),
            main(OD + "presentationml.presentation.main+xml", "presentationml.presentation", ".pptx"),
            main(OD + "presentationml.slideshow.main+xml", "presentationml.slideshow", ".ppsx"),
            main(OD + "presentationml.template.main+xml", "presentationml.template", ".potx"));

    private static Map.Entry<String, MainType> main(String contentType, String kind, String extension) {
        return Map.entry(contentType, new MainType(OD + kind + ".main+xml", OD + kind, extension));
    }

    private Ooxml() {}

    static boolean isActivePart(String partName, String contentType) {
        String lowerName = partName.toLowerCase(Locale.ROOT);
        return ACTIVE_CONTENT_TYPES.contains(contentType.toLowerCase(Locale.ROOT))
                || ACTIVE_FOLDERS.stream().anyMatch(lowerName::startsWith)
                || lowerName.endsWith("/vbaproject.bin")
                || lowerName.equals("xl/connections.xml")
                || lowerName.startsWith("xl/querytables/")
                || lowerName.contains("/embeddings/oleobject");
    }

    /** The source part of a relationships part: {@code word/_rels/document.xml.rels} → {@code word/document.xml}. */
    static String sourceOf(String relsPart) {
        int rels = relsPart.lastIndexOf("_rels/");
        String folder = relsPart.substring(0, rels);
        String file = relsPart.substring(rels + "_rels/".length(), relsPart.length() - ".rels".length());
        return folder + file;
    }

    /** Resolves an internal relationship target against its source part; empty when it escapes the package. */
    static Optional<String> resolve(String sourcePart, String target) {
        try {
            String base = "/" + sourcePart;
            URI resolved = new URI(null, null, base, null)
                    .resolve(new URI(null, null, target, null))
                    .normalize();
            String path = resolved.getPath();
            if (path == null || !path.startsWith("/") || path.startsWith("/..")) {
                return Optional.empty();
            }
            return Optional.of(path.substring(1));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
