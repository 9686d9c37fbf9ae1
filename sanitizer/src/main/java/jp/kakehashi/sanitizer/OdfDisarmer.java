package jp.kakehashi.sanitizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
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
 * Rebuilds an OpenDocument package (odt/ods/odp/odg and their templates) without Basic macros,
 * scripts, dialogs, event bindings, forms, OLE objects, plug-ins, DDE links, linked sections and
 * sheets, database queries, or references that load something from outside (ODF 1.3 part 3).
 *
 * <p>Every XML part is copied event by event through the hardened StAX reader, so text, tables,
 * styles, charts (embedded ODF sub-documents, filtered the same way) and pictures stay exactly as
 * written; the manifest is rewritten to list only what remains, and {@code mimetype} is written
 * first and uncompressed as the standard requires. A password-protected package cannot be
 * inspected and is quarantined.
 */
final class OdfDisarmer implements Disarmer {
    /** The package's own budgets: a document is not an archive, so the policy's archive limits do not apply. */
    private final ArchiveLimits limits;

    OdfDisarmer(ArchiveLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean handles(String mediaType) {
        return Odf.EXTENSIONS.containsKey(mediaType.toLowerCase(Locale.ROOT));
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        try (ZipFile zip = new ZipFile(input.toFile())) {
            return rebuild(new ZipPackage(zip, limits), output);
        } catch (ZipException e) {
            return refused(ReasonCode.MALFORMED, "not a readable OpenDocument package");
        } catch (SAXException e) {
            return refused(ReasonCode.MALFORMED, "manifest: " + e.getMessage());
        } catch (ZipPackage.Refusal r) {
            Files.deleteIfExists(output);
            return new DisarmResult.Refused(r.reason());
        }
    }

    private DisarmResult rebuild(ZipPackage pkg, Path output) throws IOException, SAXException {
        if (!pkg.contains(Odf.MIMETYPE_PART) || !pkg.contains(Odf.MANIFEST_PART)) {
            throw new ZipPackage.Refusal(ReasonCode.MALFORMED, "no mimetype or META-INF/manifest.xml");
        }
        String mediaType = new String(pkg.readSmall(Odf.MIMETYPE_PART), StandardCharsets.US_ASCII).strip();
        String extension = Odf.EXTENSIONS.get(mediaType);
        if (extension == null) {
            throw new ZipPackage.Refusal(
                    ReasonCode.TYPE_NOT_SUPPORTED, "OpenDocument of type " + Escape.forReport(mediaType));
        }
        List<Removal> removals = new ArrayList<>();
        Set<String> dropped = new HashSet<>();
        for (String part : pkg.names()) {
            Optional<String> kind = Odf.activePart(part);
            if (kind.isEmpty() && !part.equals(Odf.MIMETYPE_PART) && !ZipPackage.isXml(part)) {
                kind = Odf.isEmbeddedBinary(pkg.head(part, 8)) ? Optional.of("ole-object") : Optional.empty();
            }
            if (kind.isPresent()) {
                dropped.add(part);
                if (!pkg.isEmpty(part)) {
                    removals.add(new Removal(kind.get(), "/" + part));
                }
            }
        }
        byte[] manifest = manifest(pkg.readSmall(Odf.MANIFEST_PART), dropped);
        write(pkg, mediaType, manifest, dropped, output, removals);
        return new DisarmResult.Disarmed(output, mediaType, extension, Removal.merge(removals));
    }

    /** The manifest without entries for dropped parts; an encrypted entry quarantines the package. */
    private static byte[] manifest(byte[] xml, Set<String> dropped) throws IOException, SAXException {
        Document doc = HardenedXml.documentBuilder().parse(new java.io.ByteArrayInputStream(xml));
        if (doc.getElementsByTagNameNS(Odf.MANIFEST, "encryption-data").getLength() > 0) {
            throw new ZipPackage.Refusal(ReasonCode.ENCRYPTED_CONTENT, "password-protected OpenDocument");
        }
        NodeList entries = doc.getElementsByTagNameNS(Odf.MANIFEST, "file-entry");
        for (int i = entries.getLength() - 1; i >= 0; i--) {
            Element entry = (Element) entries.item(i);
            String path = entry.getAttributeNS(Odf.MANIFEST, "full-path");
            if (dropped.contains(path) || Odf.activePart(path).isPresent()) {
                entry.getParentNode().removeChild(entry);
            }
        }
        try {
            Transformer t = HardenedXml.transformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new SanitizerException("cannot write the manifest", e);
        }
    }

    private static void write(
            ZipPackage pkg, String mediaType, byte[] manifest, Set<String> dropped, Path output, List<Removal> removals)
            throws IOException {
        try (OutputStream file = Files.newOutputStream(output);
                ZipOutputStream out = new ZipOutputStream(file)) {
            // ODF 1.3 part 2 §3.3: "mimetype" first, stored, so tools can tell the type from byte 38.
            byte[] type = mediaType.getBytes(StandardCharsets.US_ASCII);
            ZipEntry mimetype = ZipPackage.newEntry(Odf.MIMETYPE_PART);
            mimetype.setMethod(ZipEntry.STORED);
            mimetype.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            mimetype.setCrc(crc.getValue());
            out.putNextEntry(mimetype);
            out.write(type);
            out.closeEntry();
            out.putNextEntry(ZipPackage.newEntry(Odf.MANIFEST_PART));
            out.write(manifest);
            out.closeEntry();
            for (String name : pkg.names()) {
                if (dropped.contains(name) || name.equals(Odf.MIMETYPE_PART) || name.equals(Odf.MANIFEST_PART)) {
                    continue;
                }
                out.putNextEntry(ZipPackage.newEntry(name));
                try (InputStream in = pkg.open(name)) {
                    if (name.toLowerCase(Locale.ROOT).endsWith(".xml")) {
                        scrub(name, in, out, removals);
                    } else {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }

    /** Copies one XML part event by event, leaving out what {@link Odf} lists as active. */
    private static void scrub(String part, InputStream in, OutputStream out, List<Removal> removals)
            throws IOException {
        OutputStream keepOpen = ZipPackage.entryStream(out);
        try {
            XMLEventReader reader = HardenedXml.inputFactory().createXMLEventReader(in);
            XMLEventWriter writer = XMLOutputFactory.newDefaultFactory().createXMLEventWriter(keepOpen, "UTF-8");
            new PartScrubber(part, removals).copy(reader, writer);
            writer.flush();
            writer.close();
        } catch (XMLStreamException e) {
            throw ZipPackage.refusalFor(e, part);
        }
    }

    /** The event filter for one part: skips dropped subtrees and unwrapped tags, strips unsafe attributes. */
    private static final class PartScrubber {
        private static final XMLEventFactory EVENTS = XMLEventFactory.newDefaultFactory();
        private static final QName HREF = new QName(Odf.XLINK, "href");
        private static final QName FORMULA = new QName(Odf.TABLE, "formula");

        private final String part;
        private final List<Removal> removals;
        private final Deque<Boolean> unwrapped = new ArrayDeque<>();
        private int skipDepth;

        PartScrubber(String part, List<Removal> removals) {
            this.part = part;
            this.removals = removals;
        }

        void copy(XMLEventReader reader, XMLEventWriter writer) throws XMLStreamException {
            while (reader.hasNext()) {
                XMLEvent e = reader.nextEvent();
                if (skipDepth > 0) {
                    if (e.isStartElement()) {
                        skipDepth++;
                    } else if (e.isEndElement()) {
                        skipDepth--;
                    }
                    continue;
                }
                if (e.isStartElement()) {
                    Optional<XMLEvent> kept = start(e.asStartElement());
                    if (kept.isPresent()) {
                        writer.add(kept.get());
                    }
                } else if (e.isEndElement()) {
                    if (!unwrapped.pop()) {
                        writer.add(e);
                    }
                } else {
                    writer.add(e);
                }
            }
        }

        /** The start tag to write (possibly with attributes removed), or empty when it is skipped. */
        private Optional<XMLEvent> start(StartElement s) {
            String key = Odf.key(s.getName().getNamespaceURI(), s.getName().getLocalPart());
            String where = "/" + part + ": " + qualified(s.getName());
            String droppedKind = Odf.DROPPED_ELEMENTS.get(key);
            if (droppedKind != null) {
                removals.add(new Removal(droppedKind, where));
                skipDepth = 1;
                return Optional.empty();
            }
            String unwrappedKind = Odf.UNWRAPPED_ELEMENTS.get(key);
            if (unwrappedKind != null) {
                removals.add(new Removal(unwrappedKind, where));
                unwrapped.push(true);
                return Optional.empty();
            }
            Attribute href = s.getAttributeByName(HREF);
            boolean hyperlink = Odf.HYPERLINKS.contains(key);
            if (!hyperlink && href != null && !Odf.allowedReference(href.getValue(), false)) {
                removals.add(new Removal(
                        Odf.kindOfReference(href.getValue()), where + " → " + Escape.forReport(href.getValue())));
                skipDepth = 1;
                return Optional.empty();
            }
            unwrapped.push(false);
            List<Attribute> kept = new ArrayList<>();
            boolean changed = false;
            for (Iterator<Attribute> it = s.getAttributes(); it.hasNext(); ) {
                Attribute a = it.next();
                Optional<String> kind = unsafeAttribute(a, hyperlink);
                if (kind.isPresent()) {
                    removals.add(new Removal(kind.get(), where + " @" + qualified(a.getName())));
                    changed = true;
                } else {
                    kept.add(a);
                }
            }
            return Optional.of(
                    changed ? EVENTS.createStartElement(s.getName(), kept.iterator(), s.getNamespaces()) : s);
        }

        private static Optional<String> unsafeAttribute(Attribute a, boolean hyperlink) {
            String value = a.getValue();
            if (a.getName().equals(HREF)) {
                return Odf.allowedReference(value, hyperlink)
                        ? Optional.empty()
                        : Optional.of(Odf.kindOfReference(value));
            }
            if (a.getName().equals(FORMULA)
                    && Odf.FETCHING_FORMULA.matcher(value).find()) {
                return Optional.of(value.toUpperCase(Locale.ROOT).contains("DDE(") ? "dde" : "external-reference");
            }
            if (Odf.isMacroUrl(value)) {
                return Optional.of("macro");
            }
            return Optional.empty();
        }

        private static String qualified(QName name) {
            return name.getPrefix().isEmpty() ? name.getLocalPart() : name.getPrefix() + ":" + name.getLocalPart();
        }
    }

    private static DisarmResult refused(ReasonCode code, String detail) {
        return new DisarmResult.Refused(Reason.of(code, detail));
    }
}
