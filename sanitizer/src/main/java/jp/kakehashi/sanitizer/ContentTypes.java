package jp.kakehashi.sanitizer;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A package's {@code [Content_Types].xml}, read and rewritten in place. */
final class ContentTypes {
    private final Document document;
    private final Map<String, String> defaults = new HashMap<>();
    private final Map<String, String> overrides = new HashMap<>();

    ContentTypes(Document document) {
        this.document = document;
        for (Element e : elements("Default")) {
            defaults.put(e.getAttribute("Extension").toLowerCase(Locale.ROOT), e.getAttribute("ContentType"));
        }
        for (Element e : elements("Override")) {
            overrides.put(partKey(e.getAttribute("PartName")), e.getAttribute("ContentType"));
        }
    }

    /** The content type of a part (ZIP entry name), by override first, then by extension. */
    Optional<String> of(String part) {
        String override = overrides.get(part.toLowerCase(Locale.ROOT));
        if (override != null) {
            return Optional.of(override);
        }
        int dot = part.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(defaults.get(part.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /**
     * Removes overrides of dropped parts and defaults that name active content, turns a
     * macro-enabled main type into its normal twin, and drops parts left without a type (an
     * unlisted part is unreadable to Office anyway). Adds newly dropped parts to {@code dropped}.
     *
     * @return the package's main type after the rewrite, or empty when it has none
     */
    Optional<Ooxml.MainType> rewrite(Set<String> dropped, Set<String> parts, List<Removal> removals) {
        Ooxml.MainType main = null;
        for (Element e : elements("Override")) {
            String part = partKey(e.getAttribute("PartName"));
            if (dropped.stream().anyMatch(d -> d.equalsIgnoreCase(part))) {
                e.getParentNode().removeChild(e);
                continue;
            }
            String type = e.getAttribute("ContentType");
            Ooxml.MainType mainType = Ooxml.MAIN_TYPES.get(type.toLowerCase(Locale.ROOT));
            if (mainType != null) {
                main = mainType;
                if (!type.equals(mainType.normalContentType())) {
                    e.setAttribute("ContentType", mainType.normalContentType());
                    overrides.put(part, mainType.normalContentType());
                    removals.add(
                            new Removal("macro", "macro-enabled document type changed to " + mainType.extension()));
                }
            }
        }
        for (Element e : elements("Default")) {
            if (Ooxml.ACTIVE_CONTENT_TYPES.contains(
                    e.getAttribute("ContentType").toLowerCase(Locale.ROOT))) {
                defaults.remove(e.getAttribute("Extension").toLowerCase(Locale.ROOT));
                e.getParentNode().removeChild(e);
            }
        }
        for (String part : parts) {
            if (dropped.contains(part)
                    || part.equals(Ooxml.CONTENT_TYPES)
                    || part.endsWith(".rels")
                    || of(part).isPresent()) {
                continue;
            }
            Optional<String> printer = printerSettingsType(part);
            if (printer.isPresent()) {
                Element override = document.createElementNS(Ooxml.CT_NS, "Override");
                override.setAttribute("PartName", "/" + part);
                override.setAttribute("ContentType", printer.get());
                document.getDocumentElement().appendChild(override);
                overrides.put(part.toLowerCase(Locale.ROOT), printer.get());
            } else {
                dropped.add(part);
                removals.add(new Removal("unknown-part", "/" + Escape.forReport(part)));
            }
        }
        return Optional.ofNullable(main);
    }

    /** Printer settings share the {@code .bin} extension with VBA; they keep their own type. */
    private static Optional<String> printerSettingsType(String part) {
        String p = part.toLowerCase(Locale.ROOT);
        if (!p.contains("/printersettings/")) {
            return Optional.empty();
        }
        String app =
                p.startsWith("xl/") ? "spreadsheetml" : p.startsWith("ppt/") ? "presentationml" : "wordprocessingml";
        return Optional.of("application/vnd.openxmlformats-officedocument." + app + ".printerSettings");
    }

    private static String partKey(String partName) {
        String p = partName.startsWith("/") ? partName.substring(1) : partName;
        return p.toLowerCase(Locale.ROOT);
    }

    private List<Element> elements(String localName) {
        NodeList list = document.getDocumentElement().getElementsByTagNameNS(Ooxml.CT_NS, localName);
        java.util.ArrayList<Element> result = new java.util.ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }
}
