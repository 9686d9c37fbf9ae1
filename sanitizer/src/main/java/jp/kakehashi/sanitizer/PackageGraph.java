package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Which parts of an OOXML package something needs: those reached from the package's own
 * relationships ({@code _rels/.rels}) by internal relationships, transitively. A relationship that
 * loads code ({@link Ooxml#ACTIVE_RELATIONSHIPS}) leads nowhere, so a VBA project stored under an
 * image's name and reached only that way is not needed. Office never shows a part nothing needs;
 * the disarmer drops such parts and the verifier checks none is left.
 */
final class PackageGraph {
    /** Reads a relationships part, or empty when the package has none of that name. */
    @FunctionalInterface
    interface RelsReader {
        Optional<Document> read(String relsPart) throws IOException, SAXException;
    }

    private PackageGraph() {}

    /** The parts reached from the package root; relationships parts and [Content_Types].xml are not counted. */
    static Set<String> needed(Set<String> names, RelsReader rels) throws IOException, SAXException {
        Set<String> needed = new HashSet<>();
        Deque<String> sources = new ArrayDeque<>();
        sources.add("");
        while (!sources.isEmpty()) {
            String source = sources.poll();
            Optional<Document> document = rels.read(relsOf(source));
            if (document.isEmpty()) {
                continue;
            }
            NodeList list = document.get().getDocumentElement().getElementsByTagNameNS(Ooxml.RELS_NS, "Relationship");
            for (int i = 0; i < list.getLength(); i++) {
                Element rel = (Element) list.item(i);
                if ("External".equalsIgnoreCase(rel.getAttribute("TargetMode"))
                        || Ooxml.ACTIVE_RELATIONSHIPS.contains(rel.getAttribute("Type"))) {
                    continue;
                }
                Optional<String> target = Ooxml.resolve(source, rel.getAttribute("Target"));
                if (target.isPresent() && names.contains(target.get()) && needed.add(target.get())) {
                    sources.add(target.get());
                }
            }
        }
        return needed;
    }

    /** The relationships part of a source part: {@code word/document.xml} → {@code word/_rels/document.xml.rels}. */
    static String relsOf(String source) {
        int slash = source.lastIndexOf('/');
        return source.substring(0, slash + 1) + "_rels/" + source.substring(slash + 1) + ".rels";
    }

    /** Whether a part is the package's own: [Content_Types].xml or a relationships part. */
    static boolean isPackagePart(String name) {
        return name.equals(Ooxml.CONTENT_TYPES) || (name.endsWith(".rels") && name.contains("_rels/"));
    }
}
