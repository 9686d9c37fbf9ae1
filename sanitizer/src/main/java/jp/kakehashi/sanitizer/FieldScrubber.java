package jp.kakehashi.sanitizer;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import org.jspecify.annotations.Nullable;

/**
 * Removes fields that make Office fetch or run something (DDE, DDEAUTO, INCLUDETEXT,
 * INCLUDEPICTURE, LINK, IMPORT) from WordprocessingML parts, and DDE formulas
 * ({@code =cmd|' /c calc'!A0}) from SpreadsheetML sheets, by copying XML events (never by regex,
 * CDR-NOTES §1.4). What the reader sees stays: a simple field's cached result is kept, a complex
 * field keeps its result and loses its instruction, a cell keeps its last value.
 *
 * <p>A complex field's instruction may be split over several runs ({@code DD} + {@code EAUTO}), so
 * the events from a field's begin to its separator are buffered and judged as a whole; nested
 * fields are judged each by its own instruction (see {@link #scrubWord(XMLEventReader, XMLEventWriter)}).
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
        return scrubWord(
                HardenedXml.inputFactory().createXMLEventReader(in),
                XMLOutputFactory.newDefaultFactory().createXMLEventWriter(out, "UTF-8"));
    }

    /**
     * How many dangerous fields a WordprocessingML part holds, judged exactly as {@link
     * #scrubWord(InputStream, OutputStream)} judges them: the verifier's check of the rebuilt part.
     */
    static int dangerousFields(InputStream in) throws XMLStreamException {
        return scrubWord(HardenedXml.inputFactory().createXMLEventReader(in), null);
    }

    /** One open complex field: its own instruction so far, and what was found about it. */
    private static final class Code {
        final StringBuilder instruction = new StringBuilder();
        boolean separated;
        boolean assembled;

        /** Whether the command word is not yet complete: a field beginning now would make it. */
        boolean commandOpen() {
            String text = instruction.toString().replace('\u00a0', ' ').stripLeading();
            return text.isEmpty() || text.chars().noneMatch(Character::isWhitespace);
        }

        boolean dangerous() {
            return assembled
                    || DANGEROUS_FIELD
                            .matcher(instruction.toString().replace('\u00a0', ' '))
                            .find();
        }
    }

    /**
     * Judges every complex field by its own instruction, nested ones too: a field inside another
     * ({@code IF 1 = 1 "{ DDEAUTO … }"}) is as dangerous as one alone, and a field whose command word
     * a nested field writes ({@code { {QUOTE 68 68 69 …} c:\\…}}, Word evaluates the inner field
     * first) is dangerous whatever the inner field says, since its cached result need not be what
     * Word computes. A dangerous field loses the instructions of the whole field it sits in, its
     * results stay. Events are buffered from a field's begin to its separator (an instruction may be
     * split over runs: {@code DD} + {@code EAUTO}).
     */
    private static int scrubWord(XMLEventReader reader, @Nullable XMLEventWriter writer) throws XMLStreamException {
        int removed = 0;
        Deque<Code> open = new ArrayDeque<>();
        List<XMLEvent> buffer = null;
        int bufferBase = 0;
        boolean bufferDangerous = false;
        boolean inInstr = false;
        List<Integer> simpleDepths = new ArrayList<>();
        int depth = 0;
        while (reader.hasNext()) {
            XMLEvent e = reader.nextEvent();
            boolean flushAfter = false;
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
                        if (buffer == null) {
                            buffer = new ArrayList<>();
                            bufferBase = open.size();
                            bufferDangerous = false;
                        }
                        if (!open.isEmpty()
                                && !open.peek().separated
                                && open.peek().commandOpen()) {
                            open.peek().assembled = true;
                        }
                        open.push(new Code());
                    } else if (type.equals("separate") && !open.isEmpty()) {
                        open.peek().separated = true;
                        bufferDangerous |= open.peek().dangerous();
                        flushAfter = buffer != null && open.size() == bufferBase + 1;
                    } else if (type.equals("end") && !open.isEmpty()) {
                        Code ended = open.pop();
                        if (!ended.separated) {
                            bufferDangerous |= ended.dangerous();
                        }
                        flushAfter = buffer != null && open.size() <= bufferBase;
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
            } else if (e.isCharacters() && inInstr && !open.isEmpty() && !open.peek().separated) {
                open.peek().instruction.append(e.asCharacters().getData());
            }
            if (buffer != null) {
                buffer.add(e);
                if (buffer.size() > MAX_BUFFERED_EVENTS) {
                    throw new XMLStreamException("a field code longer than " + MAX_BUFFERED_EVENTS + " events");
                }
                if (flushAfter) {
                    removed += flush(buffer, bufferDangerous, writer);
                    buffer = null;
                }
            } else if (writer != null) {
                writer.add(e);
            }
        }
        if (buffer != null) {
            removed += flush(buffer, bufferDangerous, writer);
        }
        if (writer != null) {
            writer.flush();
        }
        return removed;
    }

    /**
     * Writes a buffered instruction region (from a field's begin to its separator or end). When it
     * is dangerous the instructions go, and so do the fields nested in them with their cached text,
     * so what remains is a field with an empty instruction and its result: nothing left for Word to
     * evaluate. Returns 1 if it was dangerous.
     */
    private static int flush(List<XMLEvent> region, boolean dangerous, @Nullable XMLEventWriter writer)
            throws XMLStreamException {
        int first = -1;
        int last = -1;
        for (int i = 0; i < region.size(); i++) {
            if (region.get(i).isStartElement()
                    && is(region.get(i).asStartElement().getName(), W, "fldChar")) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        boolean skipping = false;
        boolean inText = false;
        for (int i = 0; i < region.size(); i++) {
            XMLEvent e = region.get(i);
            if (e.isStartElement()) {
                QName name = e.asStartElement().getName();
                if (dangerous && is(name, W, "fldChar") && i != first && i != last) {
                    skipping = true;
                    continue;
                }
                inText = is(name, W, "instrText") || is(name, W, "t");
            } else if (e.isEndElement()) {
                if (skipping && is(e.asEndElement().getName(), W, "fldChar")) {
                    skipping = false;
                    continue;
                }
                inText = false;
            } else if (dangerous && (inText || skipping) && e.isCharacters()) {
                continue;
            }
            if (writer != null) {
                writer.add(e);
            }
        }
        region.clear();
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
