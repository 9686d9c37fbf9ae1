package jp.kakehashi.sanitizer;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;

/**
 * Removes fields that make Office fetch or run something (DDE, DDEAUTO, INCLUDETEXT,
 * INCLUDEPICTURE, LINK, IMPORT) from WordprocessingML parts, and DDE formulas
 * ({@code =cmd|' /c calc'!A0}) from SpreadsheetML sheets, by copying XML events (never by regex,
 * CDR-NOTES §1.4). What the reader sees stays: a simple field's cached result is kept, a complex
 * field keeps its result and loses its instruction, a cell keeps its last value.
 *
 * <p>A complex field's instruction may be split over several runs ({@code DD} + {@code EAUTO}), so
 * the events from a field's begin to its separator are buffered and judged as a whole.
 */
final class FieldScrubber {
    static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    static final String S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static final Pattern DANGEROUS_FIELD =
            Pattern.compile("^\\s*(DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|LINK|IMPORT)\\b", Pattern.CASE_INSENSITIVE);
    private static final int MAX_BUFFERED_EVENTS = 100_000;

    private FieldScrubber() {}

    /** Copies a WordprocessingML part, dropping dangerous fields; returns how many were dropped. */
    static int scrubWord(InputStream in, OutputStream out) throws XMLStreamException {
        XMLEventReader reader = HardenedXml.inputFactory().createXMLEventReader(in);
        XMLEventWriter writer = XMLOutputFactory.newDefaultFactory().createXMLEventWriter(out, "UTF-8");
        int removed = 0;
        int fieldDepth = 0;
        List<XMLEvent> field = null;
        StringBuilder instruction = new StringBuilder();
        boolean inInstr = false;
        List<Integer> simpleDepths = new ArrayList<>();
        int depth = 0;
        while (reader.hasNext()) {
            XMLEvent e = reader.nextEvent();
            if (e.isStartElement()) {
                depth++;
                StartElement s = e.asStartElement();
                if (is(s.getName(), W, "fldSimple")) {
                    Attribute instr = s.getAttributeByName(new QName(W, "instr"));
                    if (instr != null
                            && DANGEROUS_FIELD.matcher(instr.getValue()).find()) {
                        simpleDepths.add(depth);
                        removed++;
                        continue;
                    }
                }
                if (is(s.getName(), W, "fldChar")) {
                    String type = attr(s, "fldCharType");
                    if (type.equals("begin")) {
                        fieldDepth++;
                        if (fieldDepth == 1) {
                            field = new ArrayList<>();
                            instruction.setLength(0);
                        }
                    } else if ((type.equals("separate") || type.equals("end")) && fieldDepth == 1 && field != null) {
                        removed += flush(field, instruction, writer);
                        field = null;
                    }
                    if (type.equals("end")) {
                        fieldDepth = Math.max(0, fieldDepth - 1);
                    }
                }
                inInstr = is(s.getName(), W, "instrText");
            } else if (e.isEndElement()) {
                if (!simpleDepths.isEmpty() && simpleDepths.get(simpleDepths.size() - 1) == depth) {
                    simpleDepths.remove(simpleDepths.size() - 1);
                    depth--;
                    continue;
                }
                depth--;
                inInstr = false;
            } else if (e.isCharacters() && inInstr && field != null) {
                instruction.append(e.asCharacters().getData());
            }
            if (field != null) {
                field.add(e);
                if (field.size() > MAX_BUFFERED_EVENTS) {
                    throw new XMLStreamException("a field code longer than " + MAX_BUFFERED_EVENTS + " events");
                }
            } else {
                writer.add(e);
            }
        }
        if (field != null) {
            removed += flush(field, instruction, writer);
        }
        writer.flush();
        return removed;
    }

    /** Writes a buffered field code, with its instruction emptied when it is dangerous; returns 1 if it was. */
    private static int flush(List<XMLEvent> field, StringBuilder instruction, XMLEventWriter writer)
            throws XMLStreamException {
        boolean dangerous = DANGEROUS_FIELD
                .matcher(instruction.toString().replace('\u00a0', ' '))
                .find();
        boolean inInstr = false;
        for (XMLEvent e : field) {
            if (e.isStartElement()) {
                inInstr = is(e.asStartElement().getName(), W, "instrText");
            } else if (e.isEndElement()) {
                inInstr = false;
            } else if (dangerous && inInstr && e.isCharacters()) {
                continue;
            }
            writer.add(e);
        }
        field.clear();
        return dangerous ? 1 : 0;
    }

    /** How many formulas a sheet lost: DDE ({@code app|topic!item}), and those that fetch from outside. */
    record SheetScrub(int dde, int fetching) {}

    /**
     * Formulas that reach outside the file when calculated or clicked, as the ODF path removes
     * them: WEBSERVICE and FILTERXML calls, and HYPERLINK to a UNC path or a {@code file:} URL
     * (a click sends the person's Windows credentials to that server).
     */
    static final java.util.regex.Pattern FETCHING_FORMULA = java.util.regex.Pattern.compile(
            "\\b(WEBSERVICE|FILTERXML)\\s*\\(|\\bHYPERLINK\\s*\\(\\s*(\"|&quot;)\\s*(\\\\\\\\|//|file:)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Copies a worksheet, dropping formulas in DDE syntax and formulas that fetch from outside;
     * the value each last showed stays in its cell.
     */
    static SheetScrub scrubSheet(InputStream in, OutputStream out) throws XMLStreamException {
        XMLEventReader reader = HardenedXml.inputFactory().createXMLEventReader(in);
        XMLEventWriter writer = XMLOutputFactory.newDefaultFactory().createXMLEventWriter(out, "UTF-8");
        int dde = 0;
        int fetching = 0;
        while (reader.hasNext()) {
            XMLEvent e = reader.nextEvent();
            if (e.isStartElement() && is(e.asStartElement().getName(), S, "f")) {
                List<XMLEvent> formula = new ArrayList<>();
                formula.add(e);
                StringBuilder text = new StringBuilder();
                int depth = 1;
                while (reader.hasNext() && depth > 0) {
                    XMLEvent next = reader.nextEvent();
                    depth += next.isStartElement() ? 1 : next.isEndElement() ? -1 : 0;
                    if (next.isCharacters()) {
                        text.append(next.asCharacters().getData());
                    }
                    formula.add(next);
                }
                if (text.indexOf("|") >= 0) {
                    dde++;
                    continue;
                }
                if (FETCHING_FORMULA.matcher(text).find()) {
                    fetching++;
                    continue;
                }
                for (XMLEvent f : formula) {
                    writer.add(f);
                }
                continue;
            }
            writer.add(e);
        }
        writer.flush();
        return new SheetScrub(dde, fetching);
    }

    private static boolean is(QName name, String namespace, String local) {
        return name.getLocalPart().equals(local) && namespace.equals(name.getNamespaceURI());
    }

    private static String attr(StartElement s, String local) {
        Attribute a = s.getAttributeByName(new QName(W, local));
        return a == null ? "" : a.getValue();
    }
}
