package jp.kakehashi.sanitizer;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLStreamException;

/**
 * A ZIP-based document package (OOXML, ODF) read within the archive limits: entry names checked,
 * duplicates refused, declared and actual expansion bounded while streaming, and XML parts
 * refused the moment a DOCTYPE appears. Problems unwind as a {@link Refusal} that the disarmer
 * turns into its result.
 */
final class ZipPackage {
    private final ZipFile zip;
    private final ArchiveLimits limits;
    private final Map<String, ZipEntry> parts;
    private long expanded;

    /** Lists and checks the package's entries; directories are left out. */
    ZipPackage(ZipFile zip, ArchiveLimits limits) {
        this.zip = zip;
        this.limits = limits;
        this.parts = checkedEntries();
    }

    /** Part names in the order the ZIP lists them. */
    Set<String> names() {
        return Collections.unmodifiableSet(parts.keySet());
    }

    boolean contains(String name) {
        return parts.containsKey(name);
    }

    /** The part's bytes as they expand, counted against the limits and checked for DOCTYPE if XML. */
    InputStream open(String name) throws IOException {
        ZipEntry entry = entry(name);
        return new GuardedPart(zip.getInputStream(entry), name, entry);
    }

    /** A whole package XML part (relationships, content types, manifest), bounded in size. */
    byte[] readSmall(String name) throws IOException {
        try (InputStream in = open(name)) {
            byte[] content = in.readNBytes(limits.maxPackageXmlBytes() + 1);
            if (content.length > limits.maxPackageXmlBytes()) {
                throw new Refusal(ReasonCode.ARCHIVE_LIMIT, "/" + Escape.forReport(name) + " is too large");
            }
            return content;
        }
    }

    /** The first bytes of a part, for telling an embedded OLE file or ZIP by its magic. */
    byte[] head(String name, int length) throws IOException {
        try (InputStream in = zip.getInputStream(entry(name))) {
            return in.readNBytes(length);
        }
    }

    /** Whether the part holds no bytes at all (LibreOffice writes empty configuration files). */
    boolean isEmpty(String name) {
        return entry(name).getSize() == 0;
    }

    private ZipEntry entry(String name) {
        ZipEntry entry = parts.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no part " + name);
        }
        return entry;
    }

    /** A fresh entry for a rebuilt package, dated 1980-01-01 so it does not leak when it was processed. */
    static ZipEntry newEntry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(315532800000L);
        return entry;
    }

    /** The open entry of a ZIP being written, as a stream an XML writer may close without closing the ZIP. */
    static OutputStream entryStream(OutputStream zip) {
        return new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /**
     * The refusal behind a failed XML copy: one raised while the part was read (a limit, a
     * DOCTYPE) travels inside the stream exception; anything else is XML that is not well-formed.
     */
    static Refusal refusalFor(XMLStreamException e, String part) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof Refusal refusal) {
                return refusal;
            }
            cause = cause.getCause() != null
                    ? cause.getCause()
                    : (cause instanceof XMLStreamException x ? x.getNestedException() : null);
        }
        return new Refusal(ReasonCode.MALFORMED, "/" + Escape.forReport(part) + " is not well-formed XML");
    }

    static boolean isXml(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".xml") || n.endsWith(".rels") || n.endsWith(".vml");
    }

    private Map<String, ZipEntry> checkedEntries() {
        Map<String, ZipEntry> checked = new LinkedHashMap<>();
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
            // Part names compare case-insensitively; two entries for one part is ambiguous (ATTACKS ARC-09).
            if (!folded.add(name.toLowerCase(Locale.ROOT))) {
                throw new Refusal(ReasonCode.MALFORMED, "duplicate entry " + Escape.forReport(name));
            }
            declared += Math.max(0, entry.getSize());
            if (declared > limits.maxExpandedBytes()) {
                throw new Refusal(ReasonCode.ARCHIVE_LIMIT, "expands beyond " + limits.maxExpandedBytes() + " bytes");
            }
            checked.put(name, entry);
        }
        return checked;
    }

    private void count(String name, ZipEntry entry, long entryBytes, int n) {
        expanded += n;
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

    private final class GuardedPart extends FilterInputStream {
        private final String name;
        private final ZipEntry entry;
        private final boolean xml;
        private final DoctypeScanner doctype = new DoctypeScanner();
        private long entryBytes;

        GuardedPart(InputStream in, String name, ZipEntry entry) {
            super(in);
            this.name = name;
            this.entry = entry;
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
                count(name, entry, entryBytes, n);
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

    /** Unwinds a package rebuild with a reason; the disarmer catches it and returns the refusal. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Reason reason;

        Refusal(ReasonCode code, String detail) {
            super(detail, null, false, false);
            this.reason = Reason.of(code, detail);
        }

        Reason reason() {
            return reason;
        }
    }
}
