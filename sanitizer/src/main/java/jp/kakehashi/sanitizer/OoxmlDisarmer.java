package jp.kakehashi.sanitizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Rebuilds an OOXML package (docx/xlsx/pptx and their macro-enabled and template variants)
 * without VBA projects, macro sheets, ActiveX, OLE objects, signatures, custom UI or external
 * relationships that load content, and with the main content type and extension made normal
 * ({@code .docm} becomes {@code .docx}).
 *
 * <p>Works on the ZIP and the package's own XML ({@code [Content_Types].xml}, {@code *.rels})
 * with the hardened parser; other parts are copied byte for byte, checked for DOCTYPE on the
 * way, so the document's text, tables and formatting are untouched. Archive limits (entries,
 * expanded size, ratio) are checked while copying, so a bomb stops before it is expanded.
 */
final class OoxmlDisarmer implements Disarmer {
    private final ArchiveLimits limits;

    OoxmlDisarmer(ArchiveLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean handles(String mediaType) {
        String t = mediaType.toLowerCase(Locale.ROOT);
        return t.startsWith("application/vnd.openxmlformats-officedocument.")
                || (t.startsWith("application/vnd.ms-") && t.contains("macroenabled") && !t.contains("binary"));
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        try (ZipFile zip = new ZipFile(input.toFile())) {
            return rebuild(zip, output);
        } catch (ZipException e) {
            return refused(ReasonCode.MALFORMED, "not a readable ZIP package");
        } catch (SAXException e) {
            return refused(ReasonCode.MALFORMED, "package XML: " + e.getMessage());
        } catch (Refusal r) {
            Files.deleteIfExists(output);
            return new DisarmResult.Refused(r.reason);
        }
    }

    private DisarmResult rebuild(ZipFile zip, Path output) throws IOException, SAXException {
        Map<String, ZipEntry> parts = checkedEntries(zip);
        ZipEntry typesEntry = parts.get(Ooxml.CONTENT_TYPES);
        if (typesEntry == null) {
            throw new Refusal(ReasonCode.MALFORMED, "no [Content_Types].xml");
        }
        List<Removal> removals = new ArrayList<>();
        Document types = parse(read(zip, typesEntry));
        ContentTypes contentTypes = new ContentTypes(types);

        Set<String> dropped = new HashSet<>();
        for (String part : parts.keySet()) {
            if (part.equals(Ooxml.CONTENT_TYPES) || part.endsWith(".rels")) {
                continue;
            }
            String type = contentTypes.of(part).orElse("");
            if (Ooxml.isActivePart(part, type)) {
                dropped.add(part);
                removals.add(new Removal(kindOfPart(part, type), "/" + part));
            }
        }
        Ooxml.MainType main = contentTypes
                .rewrite(dropped, parts.keySet(), removals)
                .orElseThrow(() -> new Refusal(ReasonCode.MALFORMED, "no main document part"));

        Map<String, byte[]> rewritten = new HashMap<>();
        for (String part : parts.keySet()) {
            if (part.endsWith(".rels") && part.contains("_rels/")) {
                String source = Ooxml.sourceOf(part);
                if (!source.isEmpty() && dropped.contains(source)) {
                    dropped.add(part);
                    continue;
                }
                Document rels = parse(read(zip, parts.get(part)));
                filterRelationships(rels, source, dropped, removals);
                rewritten.put(part, serialize(rels));
            }
        }
        write(zip, parts, dropped, serialize(types), rewritten, output, removals);
        return new DisarmResult.Disarmed(output, main.mediaType(), main.extension(), Removal.merge(removals));
    }

    private Map<String, ZipEntry> checkedEntries(ZipFile zip) {
        Map<String, ZipEntry> parts = new LinkedHashMap<>();
        Set<String> folded = new HashSet<>();
        long declared = 0;
        int count = 0;
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (++count > limits.maxEntries()) {
                throw new Refusal(ReasonCode.ARCHIVE_LIMIT, "more than " + limits.maxEntries() + " entries");
            }
            String name = entry.getName();
            Optional<String> problem = PartNames.problem(name);
            if (problem.isPresent()) {
                throw new Refusal(ReasonCode.UNSAFE_ENTRY_NAME, problem.get() + ": " + Escape.forReport(name));
            }
            if (entry.isDirectory()) {
                continue;
            }
            // OPC part names compare case-insensitively; two entries for one part is ambiguous (ATTACKS ARC-09).
            if (!folded.add(name.toLowerCase(Locale.ROOT))) {
                throw new Refusal(ReasonCode.MALFORMED, "duplicate entry " + Escape.forReport(name));
            }
            declared += Math.max(0, entry.getSize());
            if (declared > limits.maxExpandedBytes()) {
                throw new Refusal(ReasonCode.ARCHIVE_LIMIT, "expands beyond " + limits.maxExpandedBytes() + " bytes");
            }
            parts.put(name, entry);
        }
        return parts;
    }

    private static void filterRelationships(Document rels, String source, Set<String> dropped, List<Removal> removals) {
        NodeList list = rels.getDocumentElement().getElementsByTagNameNS(Ooxml.RELS_NS, "Relationship");
        for (int i = list.getLength() - 1; i >= 0; i--) {
            Element rel = (Element) list.item(i);
            String type = rel.getAttribute("Type");
            String target = rel.getAttribute("Target");
            boolean external = "External".equalsIgnoreCase(rel.getAttribute("TargetMode"));
            String why;
            if (Ooxml.ACTIVE_RELATIONSHIPS.contains(type)) {
                why = external ? "external-reference" : "";
            } else if (external && !type.equals(Ooxml.HYPERLINK)) {
                why = "external-reference";
            } else if (!external
                    && Ooxml.resolve(source, target).map(dropped::contains).orElse(false)) {
                why = "";
            } else {
                continue;
            }
            rel.getParentNode().removeChild(rel);
            if (!why.isEmpty()) {
                removals.add(new Removal(why, lastSegment(type) + " → " + Escape.forReport(target)));
            }
        }
    }

    private void write(
            ZipFile zip,
            Map<String, ZipEntry> parts,
            Set<String> dropped,
            byte[] contentTypes,
            Map<String, byte[]> rewritten,
            Path output,
            List<Removal> removals)
            throws IOException {
        long[] expanded = {0};
        try (OutputStream file = Files.newOutputStream(output);
                ZipOutputStream out = new ZipOutputStream(file)) {
            // [Content_Types].xml first: some readers expect it there.
            putEntry(out, Ooxml.CONTENT_TYPES, contentTypes);
            for (Map.Entry<String, ZipEntry> e : parts.entrySet()) {
                String name = e.getKey();
                if (dropped.contains(name) || name.equals(Ooxml.CONTENT_TYPES)) {
                    continue;
                }
                byte[] replacement = rewritten.get(name);
                if (replacement != null) {
                    putEntry(out, name, replacement);
                    continue;
                }
                out.putNextEntry(fixedTime(new ZipEntry(name)));
                try (InputStream in = new GuardedPart(zip.getInputStream(e.getValue()), name, e.getValue(), expanded)) {
                    copyScrubbed(name, in, out, removals);
                }
                out.closeEntry();
            }
        }
    }

    /** Copies one part, removing DDE and INCLUDE fields from Word text parts and DDE formulas from sheets. */
    private static void copyScrubbed(String name, InputStream in, OutputStream out, List<Removal> removals)
            throws IOException {
        boolean word = WORD_TEXT_PART.matcher(name).matches();
        boolean sheet = SHEET_PART.matcher(name).matches();
        if (!word && !sheet) {
            in.transferTo(out);
            return;
        }
        OutputStream keepOpen = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try {
            int removed = word ? FieldScrubber.scrubWord(in, keepOpen) : FieldScrubber.scrubSheet(in, keepOpen);
            keepOpen.flush();
            if (removed > 0) {
                removals.add(
                        new Removal("dde", (word ? "DDE/INCLUDE field in /" : "DDE formula in /") + name, removed));
            }
        } catch (javax.xml.stream.XMLStreamException e) {
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof Refusal refusal) {
                    throw refusal;
                }
                cause = cause.getCause() != null
                        ? cause.getCause()
                        : (cause instanceof javax.xml.stream.XMLStreamException x ? x.getNestedException() : null);
            }
            throw new Refusal(ReasonCode.MALFORMED, "/" + Escape.forReport(name) + " is not well-formed XML");
        }
    }

    private static final java.util.regex.Pattern WORD_TEXT_PART =
            java.util.regex.Pattern.compile("word/(document|header\\d*|footer\\d*|footnotes|endnotes|comments)\\.xml");
    private static final java.util.regex.Pattern SHEET_PART =
            java.util.regex.Pattern.compile("xl/worksheets/sheet\\d+\\.xml");

    /** A part's bytes as they expand, checked against the archive limits and for DOCTYPE on the way. */
    private final class GuardedPart extends java.io.FilterInputStream {
        private final String name;
        private final ZipEntry entry;
        private final long[] expanded;
        private final boolean xml;
        private final DoctypeScanner doctype = new DoctypeScanner();
        private long entryBytes;

        GuardedPart(InputStream in, String name, ZipEntry entry, long[] expanded) {
            super(in);
            this.name = name;
            this.entry = entry;
            this.expanded = expanded;
            this.xml = isXml(name);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                entryBytes += n;
                expanded[0] += n;
                checkExpansion(name, entry, entryBytes, expanded[0]);
                if (xml) {
                    doctype.update(b, off, n);
                    if (doctype.found()) {
                        throw new Refusal(ReasonCode.XML_DOCTYPE, "/" + Escape.forReport(name));
                    }
                }
            }
            return n;
        }
    }

    private void checkExpansion(String name, ZipEntry entry, long entryBytes, long expanded) {
        if (expanded > limits.maxExpandedBytes()) {
            throw new Refusal(ReasonCode.ARCHIVE_LIMIT, "expands beyond " + limits.maxExpandedBytes() + " bytes");
        }
        long compressed = Math.max(1, entry.getCompressedSize());
        if (entryBytes > limits.ratioFloorBytes() && entryBytes / compressed > limits.maxRatio()) {
            throw new Refusal(
                    ReasonCode.ARCHIVE_LIMIT,
                    "/" + Escape.forReport(name) + " expands more than " + limits.maxRatio() + "×");
        }
    }

    private static void putEntry(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(fixedTime(new ZipEntry(name)));
        out.write(content);
        out.closeEntry();
    }

    private static ZipEntry fixedTime(ZipEntry entry) {
        entry.setTime(315532800000L); // 1980-01-01: rebuilt packages do not leak the processing time
        return entry;
    }

    private static boolean isXml(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".xml") || n.endsWith(".rels") || n.endsWith(".vml");
    }

    private static String kindOfPart(String part, String type) {
        String p = part.toLowerCase(Locale.ROOT);
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("vba") || p.endsWith("vbaproject.bin") || t.contains("macrosheet") || t.contains("toolbars")) {
            return "macro";
        }
        if (t.contains("activex") || p.contains("/activex/")) {
            return "activex";
        }
        if (t.contains("oleobject") || p.contains("/embeddings/")) {
            return "ole-object";
        }
        if (t.contains("connections")
                || t.contains("querytable")
                || p.endsWith("connections.xml")
                || p.contains("querytables/")) {
            return "data-connection";
        }
        if (p.startsWith("_xmlsignatures/")) {
            return "signature";
        }
        return "custom-ui";
    }

    private static String lastSegment(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    private byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] content = in.readNBytes(limits.maxPackageXmlBytes() + 1);
            if (content.length > limits.maxPackageXmlBytes()) {
                throw new Refusal(ReasonCode.ARCHIVE_LIMIT, "/" + Escape.forReport(entry.getName()) + " is too large");
            }
            return content;
        }
    }

    private static Document parse(byte[] xml) throws IOException, SAXException {
        try {
            return HardenedXml.documentBuilder().parse(new java.io.ByteArrayInputStream(xml));
        } catch (SAXException e) {
            if (String.valueOf(e.getMessage()).contains("DOCTYPE")) {
                throw new Refusal(ReasonCode.XML_DOCTYPE, "package XML declares a DOCTYPE");
            }
            throw e;
        }
    }

    private static byte[] serialize(Document document) {
        try {
            Transformer t = HardenedXml.transformerFactory().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.STANDALONE, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new SanitizerException("cannot write package XML", e);
        }
    }

    private static DisarmResult refused(ReasonCode code, String detail) {
        return new DisarmResult.Refused(Reason.of(code, detail));
    }

    /** Unwinds the rebuild with a reason; caught in {@link #disarm}. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Reason reason;

        Refusal(ReasonCode code, String detail) {
            super(detail, null, false, false);
            this.reason = Reason.of(code, detail);
        }
    }
}
