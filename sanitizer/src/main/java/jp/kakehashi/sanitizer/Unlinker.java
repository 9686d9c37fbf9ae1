package jp.kakehashi.sanitizer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;

/**
 * Takes a part's references to relationships that were removed off its elements ({@code
 * <w:hyperlink r:id="rId7">} becomes {@code <w:hyperlink>}), so the text of a link whose target
 * may not stay is kept as plain text, and no element points at a relationship that is no longer
 * there (Office calls such a file damaged). Every such reference is optional in the schemas.
 */
final class Unlinker {
    private static final XMLEventFactory EVENTS = XMLEventFactory.newDefaultFactory();

    private Unlinker() {}

    /** The part with every attribute in the relationships namespace whose value is one of {@code ids} removed. */
    static byte[] unlink(InputStream part, Set<String> ids) throws XMLStreamException {
        XMLEventReader reader = HardenedXml.inputFactory().createXMLEventReader(part);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XMLEventWriter writer = XMLOutputFactory.newDefaultFactory().createXMLEventWriter(out, "UTF-8");
        while (reader.hasNext()) {
            XMLEvent e = reader.nextEvent();
            if (e.isStartElement()) {
                e = withoutReferences(e.asStartElement(), ids);
            }
            writer.add(e);
        }
        writer.flush();
        return out.toByteArray();
    }

    private static StartElement withoutReferences(StartElement start, Set<String> ids) {
        List<Attribute> kept = new ArrayList<>();
        boolean changed = false;
        for (Iterator<Attribute> it = start.getAttributes(); it.hasNext(); ) {
            Attribute a = it.next();
            if (Ooxml.R_NS.equals(a.getName().getNamespaceURI()) && ids.contains(a.getValue())) {
                changed = true;
            } else {
                kept.add(a);
            }
        }
        if (!changed) {
            return start;
        }
        return EVENTS.createStartElement(start.getName(), kept.iterator(), start.getNamespaces());
    }
}
