package jp.kakehashi.sanitizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLStreamException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The verifier's reading of a rebuilt OOXML package, by DOM and pattern rather than the
 * disarmer's copy: no active part, content type or relationship; no part nothing refers to; no
 * picture that is not one; no field or formula that runs or fetches, in any XML part; no link out
 * that may not stay; no embedded package with any of these.
 */
final class OoxmlVerifier {
    private OoxmlVerifier() {}

    /** The first problem in a rebuilt package, or empty. */
    static Optional<String> problem(Path output) throws IOException {
        try (ZipFile zip = new ZipFile(output.toFile())) {
            Set<String> names = new HashSet<>();
            for (ZipEntry e : Collections.list(zip.entries())) {
                names.add(e.getName());
                if (Ooxml.isActivePart(e.getName(), "")) {
                    return Optional.of("package still contains /" + e.getName());
                }
            }
            ZipEntry types = zip.getEntry(Ooxml.CONTENT_TYPES);
            if (types == null) {
                return Optional.of("package has no [Content_Types].xml");
            }
            Document ct = Verifier.parse(zip, types);
            NodeList all = ct.getDocumentElement().getElementsByTagNameNS(Ooxml.CT_NS, "*");
            for (int i = 0; i < all.getLength(); i++) {
                String type =
                        ((Element) all.item(i)).getAttribute("ContentType").toLowerCase(Locale.ROOT);
                if (Ooxml.ACTIVE_CONTENT_TYPES.contains(type) || type.contains("macroenabled")) {
                    return Optional.of("content type " + type + " is still declared");
                }
            }
            Set<String> needed = PackageGraph.needed(names, rels -> {
                ZipEntry entry = zip.getEntry(rels);
                return entry == null ? Optional.empty() : Optional.of(Verifier.parse(zip, entry));
            });
            ContentTypes contentTypes = new ContentTypes(ct);
            for (String name : names) {
                if (!PackageGraph.isPackagePart(name) && !needed.contains(name)) {
                    return Optional.of("/" + name + " is a part nothing in the package refers to");
                }
                if (ImageMagic.claimed(name, contentTypes.of(name).orElse(""))
                        && !ImageMagic.isImage(head(zip, name))) {
                    return Optional.of("/" + name + " claims to be a picture but is not one");
                }
                Optional<String> inner = embeddedProblem(zip, name);
                if (inner.isPresent()) {
                    return inner;
                }
                Optional<String> dde = ddeProblem(zip, name);
                if (dde.isPresent()) {
                    return dde;
                }
                if (!name.endsWith(".rels") || !name.contains("_rels/")) {
                    continue;
                }
                Optional<String> p = relsProblem(zip, name, names);
                if (p.isPresent()) {
                    return p;
                }
            }
            return Optional.empty();
        } catch (org.xml.sax.SAXException e) {
            return Optional.of("package XML does not parse");
        }
    }

    /** An embedded package kept in a rebuilt one must itself hold no code, controls or objects. */
    private static Optional<String> embeddedProblem(ZipFile zip, String name) throws IOException {
        if (!name.toLowerCase(Locale.ROOT).contains("/embeddings/")) {
            return Optional.empty();
        }
        try (java.util.zip.ZipInputStream inner =
                new java.util.zip.ZipInputStream(zip.getInputStream(zip.getEntry(name)))) {
            ZipEntry e;
            int count = 0;
            while ((e = inner.getNextEntry()) != null && ++count <= 10_000) {
                String lower = e.getName().toLowerCase(Locale.ROOT);
                if (Ooxml.isActivePart(e.getName(), "")) {
                    return Optional.of("embedded /" + name + " still contains /" + e.getName());
                }
                if (lower.equals("[content_types].xml")
                        && new String(inner.readNBytes(1 << 20), StandardCharsets.UTF_8)
                                .toLowerCase(Locale.ROOT)
                                .contains("macroenabled")) {
                    return Optional.of("embedded /" + name + " is macro-enabled");
                }
            }
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern DDE_FIELD = java.util.regex.Pattern.compile(
            "(instr=\"|<w:instrText[^>]*>)\\s*(DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|LINK|IMPORT)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern FORMULA =
            java.util.regex.Pattern.compile("<f(?:\\s[^>]*)?>([^<]*)</f>");
    private static final java.util.regex.Pattern DDE_FORMULA =
            java.util.regex.Pattern.compile("<f(\\s[^>]*)?>[^<]*\\|");

    /**
     * A DDE/INCLUDE field, a DDE formula or a formula that fetches from outside, left in any XML
     * part of the rebuilt package: every part is read, wherever it is stored, since the package
     * may keep its document or sheets anywhere.
     */
    /** Whether {@code s} holds {@code lower} (ASCII letters) in any letter case, as the regex flag means it. */
    static boolean containsAnyCase(String s, String lower) {
        int n = lower.length();
        outer:
        for (int i = 0, last = s.length() - n; i <= last; i++) {
            for (int k = 0; k < n; k++) {
                if ((s.charAt(i + k) | 0x20) != lower.charAt(k)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Optional<String> ddeProblem(ZipFile zip, String name) throws IOException {
        if (!name.toLowerCase(Locale.ROOT).endsWith(".xml") || name.equals(Ooxml.CONTENT_TYPES)) {
            return Optional.empty();
        }
        String xml;
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // The patterns are tried at every character of large parts; a part without their first letters cannot match.
        boolean formulas = xml.contains("<f");
        if ((containsAnyCase(xml, "instr") && DDE_FIELD.matcher(xml).find())
                || (formulas && DDE_FORMULA.matcher(xml).find())) {
            return Optional.of("a DDE field or formula remains in /" + name);
        }
        if (xml.contains("fldChar")) {
            // Nested fields and command words written by a nested field, judged by the disarmer's own rule.
            try {
                if (FieldScrubber.dangerousFields(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))) > 0) {
                    return Optional.of("a field that runs or fetches (nested or assembled) remains in /" + name);
                }
            } catch (XMLStreamException e) {
                return Optional.of("/" + name + " is not well-formed XML: " + e.getMessage());
            }
        }
        java.util.regex.Matcher f = FORMULA.matcher(xml);
        while (formulas && f.find()) {
            if (FieldScrubber.FETCHING_FORMULA.matcher(f.group(1)).find()) {
                return Optional.of("a formula that fetches from outside remains in /" + name);
            }
        }
        return Optional.empty();
    }

    private static byte[] head(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readNBytes(ImageMagic.HEAD);
        }
    }

    private static Optional<String> relsProblem(ZipFile zip, String name, Set<String> names)
            throws IOException, org.xml.sax.SAXException {
        Document rels = Verifier.parse(zip, zip.getEntry(name));
        NodeList list = rels.getDocumentElement().getElementsByTagNameNS(Ooxml.RELS_NS, "Relationship");
        String source = Ooxml.sourceOf(name);
        for (int i = 0; i < list.getLength(); i++) {
            Element rel = (Element) list.item(i);
            String type = rel.getAttribute("Type");
            boolean external = "External".equalsIgnoreCase(rel.getAttribute("TargetMode"));
            if (Ooxml.ACTIVE_RELATIONSHIPS.contains(type)) {
                return Optional.of("relationship " + type + " remains in /" + name);
            }
            if (external && !type.equals(Ooxml.HYPERLINK)) {
                return Optional.of("external relationship " + type + " remains in /" + name);
            }
            if (external && !Links.mayStay(rel.getAttribute("Target"))) {
                return Optional.of("a hyperlink to neither the web nor mail remains in /" + name);
            }
            if (!external) {
                Optional<String> target = Ooxml.resolve(source, rel.getAttribute("Target"));
                if (target.isEmpty() || !names.contains(target.get())) {
                    return Optional.of("relationship in /" + name + " points to a missing part");
                }
            }
        }
        return Optional.empty();
    }
}
