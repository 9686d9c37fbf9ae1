package jp.kakehashi.sanitizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RTF rebuilt byte for byte except the groups that load or run something (CDR-NOTES §1.6):
 * embedded objects ({@code \object}, keeping their {@code \result} picture so the layout stays),
 * remote templates, data stores, and the instructions of DDE and INCLUDE fields (keeping the
 * field result). Text is never decoded, so CP932 ({@code \ansicpg932}) Japanese survives as it was.
 */
final class RtfDisarmer implements Disarmer {
    static final String MEDIA_TYPE = "application/rtf";

    /** Destinations whose whole group goes. */
    static final Set<String> DROPPED = Set.of("object", "objdata", "template", "datastore", "xmlopen", "objalias");

    /** Field instructions that run, fetch or link content. */
    static final Pattern ACTIVE_FIELD =
            Pattern.compile("\\b(DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE|IMPORT|LINK)\\b", Pattern.CASE_INSENSITIVE);

    private static final int MAX_DEPTH = 512;

    private final long maxBytes;

    RtfDisarmer(long maxBytes) {
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
        byte[] in = Files.readAllBytes(input);
        if (!new String(in, 0, Math.min(in.length, 5), StandardCharsets.ISO_8859_1).equals("{\\rtf")) {
            return refused(ReasonCode.MALFORMED, "does not start with {\\rtf");
        }
        List<Removal> removals = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        try {
            copy(in, 0, in.length, out, removals, 0);
        } catch (Malformed e) {
            return refused(ReasonCode.MALFORMED, String.valueOf(e.getMessage()));
        }
        Files.write(output, out.toByteArray());
        return new DisarmResult.Disarmed(output, MEDIA_TYPE, ".rtf", Removal.merge(removals));
    }

    /** Copies {@code in[from, to)}, leaving out dangerous groups. */
    private static void copy(
            byte[] in, int from, int to, ByteArrayOutputStream out, List<Removal> removals, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("groups nested deeper than " + MAX_DEPTH);
        }
        int i = from;
        while (i < to) {
            int b = in[i] & 0xff;
            if (b == '{') {
                int end = groupEnd(in, i, to);
                String dest = destination(in, i + 1, end);
                if (DROPPED.contains(dest)) {
                    removals.add(new Removal(kindOf(dest), "\\" + dest));
                    if (dest.equals("object")) {
                        keepResult(in, i + 1, end, out, removals, depth);
                    }
                } else if (dest.equals("fldinst") && droppedField(Instruction.of(in, i, end), removals)) {
                    // The instruction group goes; the field's result stays as the text the reader sees.
                } else {
                    out.write('{');
                    copy(in, i + 1, end - 1, out, removals, depth + 1);
                    out.write('}');
                }
                i = end;
            } else if (b == '\\') {
                int next = controlEnd(in, i, to);
                out.write(in, i, next - i);
                int bin = binLength(in, i, next);
                if (bin > 0) {
                    if (next + bin > to) {
                        throw new Malformed("\\bin runs past the end of its group");
                    }
                    out.write(in, next, bin);
                    next += bin;
                }
                i = next;
            } else if (b == '}') {
                throw new Malformed("unbalanced } at byte " + i);
            } else {
                out.write(b);
                i++;
            }
        }
    }

    /** Whether a field's instruction must go; if so, it is counted among the removals. */
    private static boolean droppedField(Instruction instruction, List<Removal> removals) {
        if (!instruction.dangerous()) {
            return false;
        }
        removals.add(new Removal(
                "dde",
                instruction.assembled()
                        ? "field whose command a nested field writes"
                        : "field " + firstWord(instruction.text())));
        return true;
    }

    /** Keeps the {@code {\result ...}} group of an object: the picture Word shows in its place. */
    private static void keepResult(
            byte[] in, int from, int groupEnd, ByteArrayOutputStream out, List<Removal> removals, int depth) {
        int i = from;
        while (i < groupEnd - 1) {
            int b = in[i] & 0xff;
            if (b == '{') {
                int end = groupEnd(in, i, groupEnd - 1);
                if (destination(in, i + 1, end).equals("result")) {
                    out.write('{');
                    copy(in, i + 1, end - 1, out, removals, depth + 1);
                    out.write('}');
                }
                i = end;
            } else if (b == '\\') {
                int next = controlEnd(in, i, groupEnd - 1);
                i = next + Math.max(0, binLength(in, i, next));
            } else {
                i++;
            }
        }
    }

    /** The index just past the {@code }} closing the group that opens at {@code start}. */
    static int groupEnd(byte[] in, int start, int limit) {
        int depth = 0;
        int i = start;
        while (i < limit) {
            int b = in[i] & 0xff;
            if (b == '\\') {
                int next = controlEnd(in, i, limit);
                i = next + Math.max(0, binLength(in, i, next));
                continue;
            }
            if (b == '{') {
                depth++;
            } else if (b == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        throw new Malformed("a group opened at byte " + start + " is never closed");
    }

    /** The end of the control word or symbol at {@code i} (a backslash), including its delimiting space. */
    static int controlEnd(byte[] in, int i, int limit) {
        int j = i + 1;
        if (j >= limit) {
            return limit;
        }
        if (!isLetter(in[j])) {
            // Control symbol: \{ \} \\ \* \~ ... and \'hh, which carries two hex digits.
            return in[j] == '\'' ? Math.min(limit, j + 3) : j + 1;
        }
        while (j < limit && isLetter(in[j])) {
            j++;
        }
        if (j < limit && (in[j] == '-' || isDigit(in[j]))) {
            j++;
            while (j < limit && isDigit(in[j])) {
                j++;
            }
        }
        if (j < limit && in[j] == ' ') {
            j++;
        }
        return j;
    }

    /** N of a {@code \binN} control word spanning {@code [i, end)}, or 0. */
    static int binLength(byte[] in, int i, int end) {
        String word = new String(in, i, end - i, StandardCharsets.ISO_8859_1).strip();
        if (!word.startsWith("\\bin") || word.length() == 4 || !isDigit((byte) word.charAt(4))) {
            return 0;
        }
        try {
            return Integer.parseInt(word.substring(4));
        } catch (NumberFormatException e) {
            throw new Malformed("\\bin length out of range");
        }
    }

    /** The first control word of a group (after an optional {@code \*}), lower case; empty for text. */
    static String destination(byte[] in, int from, int limit) {
        int i = from;
        while (i < limit && (in[i] == '\r' || in[i] == '\n' || in[i] == ' ')) {
            i++;
        }
        if (i + 1 < limit && in[i] == '\\' && in[i + 1] == '*') {
            i += 2;
            while (i < limit && (in[i] == '\r' || in[i] == '\n' || in[i] == ' ')) {
                i++;
            }
        }
        if (i >= limit || in[i] != '\\') {
            return "";
        }
        int j = i + 1;
        while (j < limit && isLetter(in[j])) {
            j++;
        }
        return new String(in, i + 1, j - i - 1, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    /**
     * A field instruction as Word reads it: formatting control words and braces add nothing
     * ({@code DD{\b EAUTO}} is {@code DDEAUTO}), {@code \'hh} and {@code &#92;uN} are the characters
     * they stand for ({@code \'44\'44\'45AUTO}), and a nested field that begins before the command
     * word is complete writes that word when Word evaluates it, whatever its cached result says.
     *
     * @param assembled whether a nested field begins before the command word is complete
     */
    record Instruction(String text, boolean assembled) {
        /** Control words that stand for a space in an instruction. */
        private static final Set<String> SPACES =
                Set.of("par", "line", "tab", "sect", "emspace", "enspace", "qmspace", "~", "cell", "row");

        boolean dangerous() {
            return assembled || ACTIVE_FIELD.matcher(text).find();
        }

        static Instruction of(byte[] in, int from, int to) {
            StringBuilder text = new StringBuilder();
            boolean assembled = false;
            int fallback = 1;
            int skip = 0;
            int i = from;
            while (i < to) {
                int b = in[i] & 0xff;
                if (b == '{') {
                    if (destination(in, i + 1, to).equals("field") && commandOpen(text)) {
                        assembled = true;
                    }
                    i++;
                } else if (b == '}') {
                    i++;
                } else if (b == '\\') {
                    int next = controlEnd(in, i, to);
                    String word = new String(in, i + 1, next - i - 1, StandardCharsets.ISO_8859_1).strip();
                    i = next + Math.max(0, binLength(in, i, next));
                    if (skip > 0) {
                        skip--;
                        continue;
                    }
                    if (word.startsWith("'") && word.length() == 3) {
                        text.append((char) Integer.parseInt(word.substring(1), 16));
                    } else if (word.matches("u-?\\d+")) {
                        int code = Integer.parseInt(word.substring(1));
                        text.append((char) (code < 0 ? code + 65536 : code));
                        skip = fallback;
                    } else if (word.matches("uc\\d+")) {
                        fallback = Integer.parseInt(word.substring(2));
                    } else if (word.length() == 1 && "{}\\".contains(word)) {
                        text.append(word);
                    } else if (SPACES.contains(word.replaceAll("-?\\d+$", ""))) {
                        text.append(' ');
                    }
                } else {
                    if (skip > 0) {
                        skip--;
                    } else if (b != '\r' && b != '\n') {
                        text.append((char) b);
                    }
                    i++;
                }
            }
            return new Instruction(text.toString(), assembled);
        }

        /** Whether no complete word stands yet: a field beginning now would write the command. */
        private static boolean commandOpen(CharSequence text) {
            String t = text.toString().stripLeading();
            return t.isEmpty() || t.chars().noneMatch(Character::isWhitespace);
        }
    }

    private static String firstWord(String text) {
        String t = text.strip();
        int space = t.indexOf(' ');
        return Escape.forReport(space < 0 ? t : t.substring(0, space));
    }

    private static String kindOf(String dest) {
        return switch (dest) {
            case "template" -> "external-reference";
            case "object", "objdata", "objalias" -> "ole-object";
            default -> "embedded-data";
        };
    }

    private static boolean isLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static DisarmResult refused(ReasonCode code, String detail) {
        return new DisarmResult.Refused(Reason.of(code, detail));
    }

    /** Structure that cannot be RTF; unwinds the copy to a MALFORMED refusal. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
