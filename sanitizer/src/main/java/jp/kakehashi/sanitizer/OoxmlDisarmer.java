package jp.kakehashi.sanitizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    /** The package's own budgets: a document is not an archive, so the policy's archive limits do not apply. */
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
            return rebuild(new ZipPackage(zip, limits), output, context);
        } catch (ZipException e) {
            return refused(ReasonCode.MALFORMED, "not a readable ZIP package");
        } catch (SAXException e) {
            return refused(ReasonCode.MALFORMED, "package XML: " + e.getMessage());
        } catch (ZipPackage.Refusal r) {
            Files.deleteIfExists(output);
            return new DisarmResult.Refused(r.reason());
        }
    }

    private DisarmResult rebuild(ZipPackage pkg, Path output, DisarmContext context) throws IOException, SAXException {
        if (!pkg.contains(Ooxml.CONTENT_TYPES)) {
            throw new ZipPackage.Refusal(ReasonCode.MALFORMED, "no [Content_Types].xml");
        }
        List<Removal> removals = new ArrayList<>();
        Document types = parse(pkg.readSmall(Ooxml.CONTENT_TYPES));
        ContentTypes contentTypes = new ContentTypes(types);

        Set<String> dropped = new HashSet<>();
        Map<String, Path> replaced = new HashMap<>();
        // Each relationships part is parsed once: the graph reads it, the filter below edits it.
        Map<String, Document> relationships = new HashMap<>();
        Set<String> needed = PackageGraph.needed(pkg.names(), rels -> {
            if (!pkg.contains(rels)) {
                return Optional.empty();
            }
            Document doc = relationships.get(rels);
            if (doc == null) {
                doc = parse(pkg.readSmall(rels));
                relationships.put(rels, doc);
            }
            return Optional.of(doc);
        });
        for (String part : pkg.names()) {
            if (part.equals(Ooxml.CONTENT_TYPES) || part.endsWith(".rels")) {
                continue;
            }
            String type = contentTypes.of(part).orElse("");
            if (Ooxml.isActivePart(part, type)) {
                dropped.add(part);
                removals.add(new Removal(kindOfPart(part, type), "/" + part));
            } else if (!needed.contains(part)) {
                dropped.add(part);
                removals.add(new Removal("hidden-part", "/" + part + " (nothing in the document refers to it)"));
            } else if (ImageMagic.claimed(part, type) && !ImageMagic.isImage(pkg.head(part, ImageMagic.HEAD))) {
                dropped.add(part);
                removals.add(new Removal("hidden-part", "/" + part + " (named a picture, but is not one)"));
            } else if (part.toLowerCase(Locale.ROOT).contains("/embeddings/")) {
                Optional<Path> clean = embedded(pkg, part, context, removals);
                if (clean.isPresent()) {
                    replaced.put(part, clean.get());
                } else {
                    dropped.add(part);
                }
            }
        }
        Ooxml.MainType main = contentTypes
                .rewrite(dropped, pkg.names(), removals)
                .orElseThrow(() -> new ZipPackage.Refusal(ReasonCode.MALFORMED, "no main document part"));

        Map<String, byte[]> rewritten = new HashMap<>();
        Map<String, Set<String>> unlinked = new HashMap<>();
        for (String part : pkg.names()) {
            if (part.endsWith(".rels") && part.contains("_rels/")) {
                String source = Ooxml.sourceOf(part);
                if (!source.isEmpty() && dropped.contains(source)) {
                    dropped.add(part);
                    continue;
                }
                Document rels = relationships.get(part);
                if (rels == null) {
                    rels = parse(pkg.readSmall(part));
                }
                filterRelationships(rels, source, dropped, unlinked, removals);
                rewritten.put(part, serialize(rels));
            }
        }
        write(pkg, contentTypes, dropped, serialize(types), rewritten, replaced, unlinked, output, removals);
        return new DisarmResult.Disarmed(output, main.mediaType(), main.extension(), Removal.merge(removals));
    }

    /**
     * An embedded document (a workbook in a report, a document in a slide) is disarmed like a
     * file of its own, one level deeper. It stays, as its rebuilt and verified copy, only when
     * nothing had to be removed from it; otherwise it goes, and the picture Office shows for it
     * stays in the document.
     */
    private Optional<Path> embedded(ZipPackage pkg, String part, DisarmContext context, List<Removal> removals)
            throws IOException {
        String why;
        if (context.tooDeepFor(context.archives().maxDepth())) {
            why = "nested too deeply";
        } else {
            Path dir = Files.createTempDirectory(context.workDir(), "embedded-");
            Path member = dir.resolve("member");
            try (InputStream in = pkg.open(part)) {
                Files.copy(in, member);
            }
            DisarmResult result = context.nested().disarm(member, lastSegment(part), context.inside(dir));
            if (result instanceof DisarmResult.Disarmed d && d.removals().isEmpty()) {
                return Optional.of(d.output());
            }
            why = switch (result) {
                case DisarmResult.Disarmed d ->
                    "it contained "
                            + d.removals().stream()
                                    .map(Removal::kind)
                                    .distinct()
                                    .collect(java.util.stream.Collectors.joining(", "));
                case DisarmResult.Refused r -> r.reason().code().name();
            };
        }
        removals.add(new Removal("ole-object", "/" + part + " (" + why + ")"));
        return Optional.empty();
    }

    /**
     * Removes the relationships that load code or content from outside, that point at dropped
     * parts, or that are hyperlinks whose target may not stay ({@link Links}: a {@code file:} or
     * UNC link sends the person's Windows credentials when clicked); a removed hyperlink's id is
     * noted under its source part in {@code unlinked}, for its text to stay as plain text.
     */
    private static void filterRelationships(
            Document rels,
            String source,
            Set<String> dropped,
            Map<String, Set<String>> unlinked,
            List<Removal> removals) {
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
            } else if (external && !Links.mayStay(target)) {
                why = Links.kindOf(target);
                unlinked.computeIfAbsent(source, k -> new HashSet<>()).add(rel.getAttribute("Id"));
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

    private static void write(
            ZipPackage pkg,
            ContentTypes types,
            Set<String> dropped,
            byte[] contentTypes,
            Map<String, byte[]> rewritten,
            Map<String, Path> replaced,
            Map<String, Set<String>> unlinked,
            Path output,
            List<Removal> removals)
            throws IOException {
        try (OutputStream file = Files.newOutputStream(output);
                ZipOutputStream out = new ZipOutputStream(file)) {
            // [Content_Types].xml first: some readers expect it there.
            putEntry(out, Ooxml.CONTENT_TYPES, contentTypes);
            for (String name : pkg.names()) {
                if (dropped.contains(name) || name.equals(Ooxml.CONTENT_TYPES)) {
                    continue;
                }
                byte[] replacement = rewritten.get(name);
                if (replacement != null) {
                    putEntry(out, name, replacement);
                    continue;
                }
                Path rebuilt = replaced.get(name);
                if (rebuilt != null) {
                    out.putNextEntry(ZipPackage.newEntry(name));
                    Files.copy(rebuilt, out);
                    out.closeEntry();
                    continue;
                }
                out.putNextEntry(ZipPackage.newEntry(name));
                try (InputStream in = unlinked(pkg, name, unlinked.getOrDefault(name, Set.of()))) {
                    copyScrubbed(name, types.of(name).orElse(""), in, out, removals);
                }
                out.closeEntry();
            }
        }
    }

    /** A part as it is read for copying: without its references to removed hyperlinks, if it had any. */
    private static InputStream unlinked(ZipPackage pkg, String name, Set<String> ids) throws IOException {
        if (ids.isEmpty()) {
            return pkg.open(name);
        }
        try (InputStream in = pkg.open(name)) {
            return new java.io.ByteArrayInputStream(Unlinker.unlink(in, ids));
        } catch (javax.xml.stream.XMLStreamException e) {
            throw ZipPackage.refusalFor(e, name);
        }
    }

    /**
     * Copies one part, removing DDE and INCLUDE fields from Word text parts, and DDE and fetching
     * formulas from worksheets. Which parts those are is told by their content type, wherever the
     * package stores them: a main document part outside {@code /word/} or a sheet outside {@code
     * xl/worksheets/} is valid and opens in Office (ISSUE 28).
     */
    private static void copyScrubbed(String name, String type, InputStream in, OutputStream out, List<Removal> removals)
            throws IOException {
        String t = type.toLowerCase(Locale.ROOT);
        boolean word =
                WORD_TEXT_TYPES.contains(t) || WORD_TEXT_PART.matcher(name).matches();
        boolean sheet = t.equals(WORKSHEET_TYPE) || SHEET_PART.matcher(name).matches();
        if (!word && !sheet) {
            in.transferTo(out);
            return;
        }
        OutputStream keepOpen = ZipPackage.entryStream(out);
        try {
            if (word) {
                int removed = FieldScrubber.scrubWord(in, keepOpen);
                if (removed > 0) {
                    removals.add(new Removal("dde", "DDE/INCLUDE field in /" + name, removed));
                }
            } else {
                FieldScrubber.SheetScrub removed = FieldScrubber.scrubSheet(in, keepOpen);
                if (removed.dde() > 0) {
                    removals.add(new Removal("dde", "DDE formula in /" + name, removed.dde()));
                }
                if (removed.fetching() > 0) {
                    removals.add(new Removal(
                            "external-reference",
                            "formula that fetches from outside (WEBSERVICE, FILTERXML, HYPERLINK to a file share) in /"
                                    + name,
                            removed.fetching()));
                }
            }
            keepOpen.flush();
        } catch (javax.xml.stream.XMLStreamException e) {
            throw ZipPackage.refusalFor(e, name);
        }
    }

    private static final String WML = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

    /** The WordprocessingML parts whose text can hold fields: the main document (any flavour), headers, notes, comments. */
    private static final Set<String> WORD_TEXT_TYPES = Set.of(
            WML + "document.main+xml",
            WML + "template.main+xml",
            "application/vnd.ms-word.document.macroenabled.main+xml",
            "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
            WML + "document.glossary+xml",
            WML + "header+xml",
            WML + "footer+xml",
            WML + "footnotes+xml",
            WML + "endnotes+xml",
            WML + "comments+xml");

    private static final String WORKSHEET_TYPE =
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

    private static final java.util.regex.Pattern WORD_TEXT_PART =
            java.util.regex.Pattern.compile("word/(document|header\\d*|footer\\d*|footnotes|endnotes|comments)\\.xml");
    private static final java.util.regex.Pattern SHEET_PART =
            java.util.regex.Pattern.compile("xl/worksheets/sheet\\d+\\.xml");

    private static void putEntry(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(ZipPackage.newEntry(name));
        out.write(content);
        out.closeEntry();
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

    private static Document parse(byte[] xml) throws IOException, SAXException {
        try {
            return HardenedXml.documentBuilder().parse(new java.io.ByteArrayInputStream(xml));
        } catch (SAXException e) {
            if (String.valueOf(e.getMessage()).contains("DOCTYPE")) {
                throw new ZipPackage.Refusal(ReasonCode.XML_DOCTYPE, "package XML declares a DOCTYPE");
            }
            throw e;
        }
    }

    private static byte[] serialize(Document document) {
        try {
            Transformer t = HardenedXml.transformer();
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
}
