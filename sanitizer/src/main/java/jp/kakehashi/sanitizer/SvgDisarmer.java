package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;

/**
 * SVG rebuilt through an allow-list (CDR-NOTES §1.9): drawing elements and their presentation
 * attributes stay; scripts, event handlers, {@code foreignObject}, animations, links and images
 * that point outside the file, remote CSS and processing instructions go. A DOCTYPE refuses the file.
 */
final class SvgDisarmer implements Disarmer {
    static final String MEDIA_TYPE = "image/svg+xml";
    static final String SVG_NS = "http://www.w3.org/2000/svg";
    static final String XLINK_NS = "http://www.w3.org/1999/xlink";

    static final Set<String> ELEMENTS = Set.of(
            "svg",
            "g",
            "defs",
            "desc",
            "title",
            "symbol",
            "use",
            "path",
            "rect",
            "circle",
            "ellipse",
            "line",
            "polyline",
            "polygon",
            "text",
            "tspan",
            "textPath",
            "linearGradient",
            "radialGradient",
            "stop",
            "clipPath",
            "mask",
            "pattern",
            "marker",
            "image",
            "style",
            "a",
            "switch",
            "filter",
            "feGaussianBlur",
            "feOffset",
            "feBlend",
            "feColorMatrix",
            "feComposite",
            "feFlood",
            "feMerge",
            "feMergeNode",
            "feMorphology",
            "feDropShadow",
            "feComponentTransfer",
            "feFuncR",
            "feFuncG",
            "feFuncB",
            "feFuncA");

    /** Elements whose removal matters to an officer; other unknown elements go silently as editor data. */
    static final Set<String> ACTIVE = Set.of(
            "script",
            "foreignObject",
            "set",
            "animate",
            "animateMotion",
            "animateTransform",
            "animateColor",
            "handler",
            "listener",
            "iframe",
            "object",
            "embed");

    private static final Pattern SAFE_IMAGE_DATA =
            Pattern.compile("^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\\s]*$");

    private final long maxBytes;

    SvgDisarmer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean handles(String mediaType) {
        return mediaType.equals(MEDIA_TYPE);
    }

    @Override
    public long maxInputBytes() {
        return maxBytes;
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        List<Removal> removals = new ArrayList<>();
        try (InputStream in = Files.newInputStream(input);
                OutputStream out = Files.newOutputStream(output)) {
            XMLEventReader reader = HardenedXml.inputFactory().createXMLEventReader(in);
            XMLEventWriter writer = XMLOutputFactory.newDefaultFactory().createXMLEventWriter(out, "UTF-8");
            copy(reader, writer, removals);
            writer.close();
            reader.close();
        } catch (Refusal r) {
            return new DisarmResult.Refused(r.reason);
        } catch (XMLStreamException e) {
            return refused(ReasonCode.MALFORMED, "SVG is not well-formed XML");
        }
        return new DisarmResult.Disarmed(output, MEDIA_TYPE, ".svg", Removal.merge(removals));
    }

    private static void copy(XMLEventReader reader, XMLEventWriter writer, List<Removal> removals)
            throws XMLStreamException {
        XMLEventFactory events = XMLEventFactory.newDefaultFactory();
        boolean sawRoot = false;
        while (reader.hasNext()) {
            XMLEvent e = reader.nextEvent();
            switch (e.getEventType()) {
                case XMLEvent.DTD, XMLEvent.ENTITY_REFERENCE ->
                    throw new Refusal(Reason.of(ReasonCode.XML_DOCTYPE, "SVG declares a DOCTYPE or entity"));
                case XMLEvent.PROCESSING_INSTRUCTION ->
                    removals.add(new Removal("stylesheet", "processing instruction"));
                case XMLEvent.START_ELEMENT -> {
                    StartElement start = e.asStartElement();
                    QName name = start.getName();
                    if (!sawRoot && !(name.getLocalPart().equals("svg") && SVG_NS.equals(name.getNamespaceURI()))) {
                        throw new Refusal(Reason.of(ReasonCode.MALFORMED, "the root element is not <svg>"));
                    }
                    sawRoot = true;
                    if (!SVG_NS.equals(name.getNamespaceURI()) || !ELEMENTS.contains(name.getLocalPart())) {
                        skip(reader);
                        if (ACTIVE.contains(name.getLocalPart())) {
                            removals.add(new Removal(kindOf(name.getLocalPart()), "<" + name.getLocalPart() + ">"));
                        } else {
                            removals.add(
                                    new Removal("unknown-element", "<" + Escape.forReport(name.getLocalPart()) + ">"));
                        }
                        continue;
                    }
                    if (name.getLocalPart().equals("style")) {
                        String css = reader.getElementText();
                        if (CssText.active(css)) {
                            removals.add(new Removal("external-reference", "<style> with imports or remote url()"));
                            continue;
                        }
                        writer.add(events.createStartElement(name, attributes(start, removals), start.getNamespaces()));
                        writer.add(events.createCharacters(css));
                        writer.add(events.createEndElement(name, null));
                        continue;
                    }
                    writer.add(events.createStartElement(name, attributes(start, removals), start.getNamespaces()));
                }
                default -> writer.add(e);
            }
        }
    }

    private static Iterator<Attribute> attributes(StartElement start, List<Removal> removals) {
        List<Attribute> kept = new ArrayList<>();
        for (Iterator<Attribute> it = start.getAttributes(); it.hasNext(); ) {
            Attribute a = it.next();
            String local = a.getName().getLocalPart();
            String ns = a.getName().getNamespaceURI();
            String value = a.getValue().strip();
            if (local.toLowerCase(Locale.ROOT).startsWith("on")) {
                removals.add(new Removal("script", "event handler " + Escape.forReport(local)));
            } else if (local.equals("href") && (ns.isEmpty() || XLINK_NS.equals(ns))) {
                boolean image = start.getName().getLocalPart().equals("image");
                if (value.startsWith("#")
                        || (image && SAFE_IMAGE_DATA.matcher(value).matches())) {
                    kept.add(a);
                } else {
                    removals.add(new Removal(
                            value.toLowerCase(Locale.ROOT).startsWith("javascript:") ? "script" : "external-reference",
                            "href on <" + start.getName().getLocalPart() + ">"));
                }
            } else if (!ns.isEmpty() && !XMLConstants.XML_NS_URI.equals(ns)) {
                removals.add(new Removal("unknown-element", "attribute " + Escape.forReport(local)));
            } else if (CssText.active(value)) {
                removals.add(
                        new Removal("external-reference", "attribute " + Escape.forReport(local) + " loads content"));
            } else {
                kept.add(a);
            }
        }
        return kept.iterator();
    }

    /** Skips the rest of an element just started, with everything inside it. */
    private static void skip(XMLEventReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && reader.hasNext()) {
            XMLEvent e = reader.nextEvent();
            if (e.isStartElement()) {
                depth++;
            } else if (e.isEndElement()) {
                depth--;
            } else if (e.getEventType() == XMLEvent.DTD || e.getEventType() == XMLEvent.ENTITY_REFERENCE) {
                throw new Refusal(Reason.of(ReasonCode.XML_DOCTYPE, "SVG declares a DOCTYPE or entity"));
            }
        }
    }

    private static String kindOf(String element) {
        return element.equals("script")
                ? "script"
                : element.startsWith("anim") || element.equals("set") ? "animation" : "active-element";
    }

    private static DisarmResult refused(ReasonCode code, String detail) {
        return new DisarmResult.Refused(Reason.of(code, detail));
    }

    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Reason reason;

        Refusal(Reason reason) {
            super(reason.detail(), null, false, false);
            this.reason = reason;
        }
    }
}
