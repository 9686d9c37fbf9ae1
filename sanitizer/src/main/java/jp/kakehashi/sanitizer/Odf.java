package jp.kakehashi.sanitizer;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Facts about OpenDocument packages (ODF 1.3; CDR-NOTES §1.4 asks for an ODF path of its own) shared by the disarmer and its
 * verifier: which folders hold code, which elements run, load or link something, and which
 * references may stay.
 */
final class Odf {
    static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    static final String DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
    static final String FORM = "urn:oasis:names:tc:opendocument:xmlns:form:1.0";
    static final String SCRIPT = "urn:oasis:names:tc:opendocument:xmlns:script:1.0";
    static final String PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";
    static final String XLINK = "http://www.w3.org/1999/xlink";
    static final String MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
    static final String MANIFEST_PART = "META-INF/manifest.xml";
    static final String MIMETYPE_PART = "mimetype";

    /** ODF media types this product rebuilds, with the extension a rebuilt file gets. */
    static final Map<String, String> EXTENSIONS = Map.of(
            "application/vnd.oasis.opendocument.text", ".odt",
            "application/vnd.oasis.opendocument.text-template", ".ott",
            "application/vnd.oasis.opendocument.spreadsheet", ".ods",
            "application/vnd.oasis.opendocument.spreadsheet-template", ".ots",
            "application/vnd.oasis.opendocument.presentation", ".odp",
            "application/vnd.oasis.opendocument.presentation-template", ".otp",
            "application/vnd.oasis.opendocument.graphics", ".odg",
            "application/vnd.oasis.opendocument.graphics-template", ".otg");

    /** Folders whose whole content is code, dialogs that call it, or UI bound to it. */
    static final Map<String, String> ACTIVE_FOLDERS = Map.of(
            "basic/", "macro",
            "scripts/", "macro",
            "dialogs/", "macro",
            "configurations2/", "custom-ui");

    /** Signatures no longer match a rebuilt package; macro signatures also sign code that is gone. */
    static final Set<String> SIGNATURES = Set.of("meta-inf/documentsignatures.xml", "meta-inf/macrosignatures.xml");

    /**
     * Elements removed with everything inside them, by namespace and local name, with the removal
     * kind reported: scripts and event bindings, OLE objects, plug-ins, applets and frames that
     * load a URL, forms (whose controls submit and bind macros), DDE links, linked sections and
     * sheets, database queries and validation macros.
     */
    static final Map<String, String> DROPPED_ELEMENTS = Map.ofEntries(
            // office:scripts and office:forms themselves stay: LibreOffice writes them, empty, into every document.
            Map.entry(OFFICE + " script", "macro"),
            Map.entry(OFFICE + " event-listeners", "script"),
            Map.entry(SCRIPT + " event-listener", "script"),
            Map.entry(PRESENTATION + " event-listener", "script"),
            Map.entry(DRAW + " object-ole", "ole-object"),
            Map.entry(DRAW + " applet", "active-element"),
            Map.entry(DRAW + " plugin", "active-element"),
            Map.entry(DRAW + " floating-frame", "active-element"),
            Map.entry(FORM + " form", "form"),
            Map.entry(DRAW + " control", "form"),
            Map.entry(TEXT + " dde-connection-decls", "dde"),
            Map.entry(TABLE + " dde-links", "dde"),
            Map.entry(OFFICE + " dde-source", "dde"),
            Map.entry(TEXT + " section-source", "external-reference"),
            Map.entry(TABLE + " table-source", "external-reference"),
            Map.entry(TABLE + " cell-range-source", "external-reference"),
            Map.entry(TABLE + " database-source-sql", "data-connection"),
            Map.entry(TABLE + " database-source-table", "data-connection"),
            Map.entry(TABLE + " database-source-query", "data-connection"),
            Map.entry(TABLE + " error-macro", "macro"),
            Map.entry(TEXT + " script", "script"));

    /**
     * Elements whose tags go but whose content (the text the reader sees) stays: a field that runs
     * a macro on click, or shows the live value of a DDE link.
     */
    static final Map<String, String> UNWRAPPED_ELEMENTS =
            Map.of(TEXT + " execute-macro", "macro", TEXT + " dde-connection", "dde");

    /** Hyperlink elements: their {@code xlink:href} may point to the web or mail, as in any document. */
    static final Set<String> HYPERLINKS = Set.of(TEXT + " a", DRAW + " a", TEXT + " hyperlink");

    /** Spreadsheet functions that fetch from the network or another program when recalculated. */
    static final Pattern FETCHING_FORMULA =
            Pattern.compile("\\b(WEBSERVICE|DDE|FILTERXML)\\s*\\(|'(file|https?|ftp|smb):", Pattern.CASE_INSENSITIVE);

    private Odf() {}

    static String key(String namespace, String localName) {
        return namespace + " " + localName;
    }

    /** The removal kind of an active folder or signature part, if the part is one. */
    static Optional<String> activePart(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (SIGNATURES.contains(lower)) {
            return Optional.of("signature");
        }
        return ACTIVE_FOLDERS.entrySet().stream()
                .filter(e -> lower.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** OLE compound files and ZIPs have no business inside an ODF package except as objects to drop. */
    static boolean isEmbeddedBinary(byte[] head) {
        boolean ole = head.length >= 4
                && (head[0] & 0xff) == 0xD0
                && (head[1] & 0xff) == 0xCF
                && (head[2] & 0xff) == 0x11
                && (head[3] & 0xff) == 0xE0;
        boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        return ole || zip;
    }

    /**
     * Whether a reference may stay: a hyperlink to the web or mail, or a path inside the package
     * ({@code Pictures/1.png}, {@code ./Object 1}, {@code #bookmark}). Anything else (a script or
     * macro URL, a file or network path, a remote picture) loads or runs something.
     */
    static boolean allowedReference(String href, boolean hyperlink) {
        if (hyperlink && Links.mayStay(href)) {
            return true;
        }
        String h = href.strip().toLowerCase(Locale.ROOT);
        if (h.isEmpty() || h.startsWith("#")) {
            return true;
        }
        String path = h.startsWith("./") ? h.substring(2) : h;
        return !path.contains(":") && !path.startsWith("/") && !path.startsWith("..") && !path.contains("\\");
    }

    /** Whether a value names a macro to run: event bindings, menu items and links use these URLs. */
    static boolean isMacroUrl(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.startsWith("vnd.sun.star.script:") || v.startsWith("macro:") || v.startsWith("vnd.sun.star.basic:");
    }

    /** The removal kind for a reference that may not stay. */
    static String kindOfReference(String href) {
        String h = href.strip().toLowerCase(Locale.ROOT);
        if (isMacroUrl(h)) {
            return "macro";
        }
        if (h.startsWith("javascript:") || h.startsWith("vbscript:")) {
            return "script";
        }
        return "external-reference";
    }
}
