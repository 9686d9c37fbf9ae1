package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a PDF can be read as written, without the repair PDFBox does quietly: its last {@code
 * startxref} must point at a cross-reference table or stream, and every object a table lists at an
 * offset must begin there. A truncated or patched file fails, and PDFBox then rebuilds the object
 * table by searching the bytes, which can join references to the wrong objects (ISSUE 28). Such a
 * file is not "clean": the receipt says it was repaired. The verifier checks the rebuilt file the
 * same way, so what crosses is always well-formed.
 */
final class PdfStructure {
    /** How much of the end is searched for the last startxref; data appended beyond it is reported apart. */
    private static final int TAIL = 1 << 20;

    private static final int OBJECT_HEAD = 32;
    /** Tables longer than this are checked this far: their other offsets are left to PDFBox's own reading. */
    private static final int MAX_CHECKED_ENTRIES = 200_000;

    private static final Pattern STARTXREF = Pattern.compile("startxref\\s+(\\d{1,15})\\s+%%EOF");
    private static final Pattern OBJECT = Pattern.compile("\\s*(\\d+)\\s+(\\d+)\\s+obj\\b");
    private static final Pattern SUBSECTION = Pattern.compile("(\\d{1,10})\\s+(\\d{1,10})\\s*");

    private PdfStructure() {}

    /** Why the file needs repair to be read, or empty when it reads as written. */
    static Optional<String> repairNeeded(Path pdf) throws IOException {
        try (FileChannel file = FileChannel.open(pdf, StandardOpenOption.READ)) {
            long size = file.size();
            String tail = read(file, Math.max(0, size - TAIL), (int) Math.min(size, TAIL));
            long xref = -1;
            for (Matcher m = STARTXREF.matcher(tail); m.find(); ) {
                xref = Long.parseLong(m.group(1));
            }
            if (xref < 0) {
                return Optional.of("no startxref before the end of the file (truncated?)");
            }
            if (xref >= size) {
                return Optional.of("startxref points past the end of the file");
            }
            String head = read(file, xref, (int) Math.min(64, size - xref));
            if (OBJECT.matcher(head).lookingAt()) {
                return Optional.empty(); // a cross-reference stream; PDFBox checks its entries as it reads them
            }
            if (!head.stripLeading().startsWith("xref")) {
                return Optional.of("startxref does not point at a cross-reference table");
            }
            return table(file, xref + head.indexOf("xref") + 4, size);
        }
    }

    /** Checks a classic table's in-use entries: each offset must hold the object it names. */
    private static Optional<String> table(FileChannel file, long at, long size) throws IOException {
        long pos = at;
        int checked = 0;
        while (pos < size && checked < MAX_CHECKED_ENTRIES) {
            String line = read(file, pos, (int) Math.min(64, size - pos));
            String trimmed = line.stripLeading();
            pos += line.length() - trimmed.length();
            if (trimmed.startsWith("trailer")) {
                return Optional.empty();
            }
            Matcher sub = SUBSECTION.matcher(trimmed);
            if (!sub.lookingAt()) {
                return Optional.of("the cross-reference table is damaged");
            }
            long first = Long.parseLong(sub.group(1));
            long count = Long.parseLong(sub.group(2));
            pos += sub.end();
            for (long i = 0; i < count; i++, pos += 20) {
                String entry = read(file, pos, (int) Math.min(20, size - pos));
                if (entry.length() < 18) {
                    return Optional.of("the cross-reference table is cut short");
                }
                if (checked++ >= MAX_CHECKED_ENTRIES) {
                    return Optional.empty();
                }
                if (entry.charAt(17) != 'n') {
                    continue;
                }
                String digits = entry.substring(0, 10);
                if (!digits.chars().allMatch(Character::isDigit)) {
                    return Optional.of("the cross-reference table is damaged");
                }
                long offset = Long.parseLong(digits);
                Matcher object = OBJECT.matcher(
                        offset < size ? read(file, offset, (int) Math.min(OBJECT_HEAD, size - offset)) : "");
                if (!object.lookingAt() || Long.parseLong(object.group(1)) != first + i) {
                    return Optional.of("object " + (first + i) + " is not where the table says");
                }
            }
        }
        return Optional.empty();
    }

    private static String read(FileChannel file, long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(0, length));
        while (buffer.hasRemaining() && file.read(buffer, at + buffer.position()) > 0) {
            // Reads the span whole.
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    }
}
