package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import jp.kakehashi.sanitizer.Escape;

/**
 * Canonicalises a file name once, at the edge (DESIGN §7): NFC, then checked. Names with path
 * separators, controls (line separators too), bidi overrides, invisible format characters,
 * unpaired surrogates, NTFS stream markers, trailing dots or spaces, Windows
 * reserved device names, or more than 255 UTF-8 bytes are refused with a specific reason; they
 * are never silently "fixed", so what the sender sees is what the recipient gets.
 */
public final class FileNames {
    private static final int MAX_BYTES = 255;
    /** Joins emoji sequences; the one format character a name may hold. */
    private static final char ZERO_WIDTH_JOINER = '\u200d';

    private static final Set<String> RESERVED = Set.of(
            "con", "prn", "aux", "nul", "conin$", "conout$", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
            "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "com¹", "com²",
            "com³", "lpt¹", "lpt²", "lpt³");

    private FileNames() {}

    /** A name that passed, in NFC, or the reason it did not. */
    public sealed interface Result {
        record Valid(String name) implements Result {}

        record Invalid(String code, String ja, String en) implements Result {}
    }

    /**
     * The form two canonical names are compared in: NFKC and lower case, so {@code Report.pdf},
     * {@code report.pdf} and {@code ｒｅｐｏｒｔ.pdf} are one name in a folder (ATTACKS NAME-09).
     */
    public static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    public static Result canonical(String raw) {
        requireNonNull(raw, "raw");
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return invalid("NAME_EMPTY", "ファイル名がありません", "the file name is empty");
        }
        for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
            // By code point: a supplementary character (a tag, say) is judged as itself, not as two halves.
            int c = name.codePointAt(i);
            if (c == '/' || c == '\\') {
                return invalid("NAME_SEPARATOR", "ファイル名に / や \\ は使えません", "file names may not contain / or \\");
            }
            if (c == ':') {
                return invalid("NAME_STREAM", "ファイル名に : は使えません", "file names may not contain ':' (NTFS streams)");
            }
            if ((c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069)
                    || c == 0x200e
                    || c == 0x200f
                    || c == 0x061c) {
                return invalid(
                        "NAME_BIDI_CONTROL",
                        "ファイル名に文字の向きを変える制御文字が含まれています (" + Escape.forReport(name) + ")",
                        "the file name contains a text-direction control character (" + Escape.forReport(name) + ")");
            }
            int type = Character.getType(c);
            if (c < 0x20
                    || c == 0x7f
                    || type == Character.CONTROL
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return invalid("NAME_CONTROL", "ファイル名に制御文字が含まれています", "the file name contains a control character");
            }
            if (type == Character.FORMAT && c != ZERO_WIDTH_JOINER) {
                // Zero-width spaces, soft hyphens, BOMs: two names that look the same in a listing.
                return invalid(
                        "NAME_INVISIBLE",
                        "ファイル名に見えない文字が含まれています (" + Escape.forReport(name) + ")",
                        "the file name contains an invisible character (" + Escape.forReport(name) + ")");
            }
            if (type == Character.SURROGATE) {
                // codePointAt gives a surrogate only when it has no partner.
                return invalid("NAME_ENCODING", "ファイル名の文字コードが正しくありません", "the file name is not valid Unicode text");
            }
        }
        if (name.endsWith(".") || name.endsWith(" ")) {
            return invalid("NAME_TRAILING", "ファイル名の末尾に . や空白は使えません", "file names may not end with a dot or a space");
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        int dot = folded.indexOf('.');
        String stem = (dot < 0 ? folded : folded.substring(0, dot)).strip();
        if (RESERVED.contains(stem)) {
            return invalid(
                    "NAME_RESERVED",
                    "Windows の予約名 (" + stem.toUpperCase(Locale.ROOT) + ") は使えません",
                    "Windows reserved name (" + stem.toUpperCase(Locale.ROOT) + ") is not allowed");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return invalid(
                    "NAME_TOO_LONG",
                    "ファイル名が長すぎます (全角で約85文字まで)",
                    "the file name is too long (at most 255 UTF-8 bytes, about 85 kanji)");
        }
        return new Result.Valid(name);
    }

    private static Result invalid(String code, String ja, String en) {
        return new Result.Invalid(code, ja, en);
    }
}
