package jp.kakehashi.sanitizer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks the record streams of legacy Excel (BIFF8 {@code Workbook}) and PowerPoint
 * ({@code PowerPoint Document}) and says why the file cannot be rebuilt safely, if it cannot: the
 * code and links these formats hide inside their main stream cannot be cut out without
 * rewriting every offset that follows, so they refuse the rebuild instead (the ladder may then
 * take the text). Bounds are checked on every record; a record that overruns the stream is
 * malformed.
 */
final class LegacyRecords {
    private LegacyRecords() {}

    /** A reason an Excel workbook stream cannot be rebuilt by removing storages alone. */
    static Optional<Reason> excelProblem(byte[] s) {
        int pos = 0;
        while (pos + 4 <= s.length) {
            int type = u16(s, pos);
            int length = u16(s, pos + 2);
            int data = pos + 4;
            if (data + length > s.length) {
                return Optional.of(Reason.of(
                        ReasonCode.MALFORMED,
                        "Workbook record 0x" + Integer.toHexString(type) + " runs past the end of the stream"));
            }
            switch (type) {
                case 0x002F -> {
                    return Optional.of(Reason.of(ReasonCode.ENCRYPTED_CONTENT, "password-protected Excel workbook"));
                }
                case 0x0085 -> { // BoundSheet8: dt 1 is an Excel 4.0 macro sheet, 6 a BIFF5 VBA module
                    int dt = length > 5 ? s[data + 5] & 0xff : 0;
                    if (dt == 0x01 || dt == 0x06) {
                        return Optional.of(legacy("an Excel 4.0 macro sheet"));
                    }
                }
                case 0x0018 -> { // Lbl: Auto_Open / Auto_Close start macros when the file opens
                    if (autoRunName(s, data, length)) {
                        return Optional.of(legacy("an Auto_Open or Auto_Close macro name"));
                    }
                }
                case 0x01AE -> { // SupBook: 0x0401 is this workbook, 0x3A01 add-in functions; anything else links out
                    int kind = length >= 4 ? u16(s, data + 2) : 0;
                    if (kind != 0x0401 && kind != 0x3A01) {
                        return Optional.of(legacy("links to another workbook or program (external reference or DDE)"));
                    }
                }
                default -> {
                    // other records carry cells, formats and drawings: kept as they are
                }
            }
            pos = data + length;
        }
        return Optional.empty();
    }

    private static boolean autoRunName(byte[] s, int data, int length) {
        // Flags to the name's first character (a built-in name's code) take 16 bytes.
        if (length < 16) {
            return false;
        }
        int flags = u16(s, data);
        int chars = s[data + 3] & 0xff;
        boolean builtin = (flags & 0x0020) != 0;
        int nameAt = data + 14;
        boolean wide = (s[nameAt] & 0x01) != 0;
        if (builtin) {
            int code = s[nameAt + 1] & 0xff;
            return code == 0x01 || code == 0x02;
        }
        int bytes = wide ? chars * 2 : chars;
        if (nameAt + 1 + bytes > data + length) {
            return false;
        }
        String name = new String(
                        s,
                        nameAt + 1,
                        bytes,
                        wide
                                ? java.nio.charset.StandardCharsets.UTF_16LE
                                : java.nio.charset.StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        return name.startsWith("auto_open") || name.startsWith("auto_close");
    }

    /**
     * A reason a PowerPoint document stream cannot be rebuilt: an embedded object or VBA project
     * (both are ExOleObjStg records inside the stream), an ActiveX control, an encrypted
     * session, or a shape action that runs a macro, a program or an object verb.
     */
    static Optional<Reason> powerPointProblem(byte[] s) {
        int pos = 0;
        while (pos + 8 <= s.length) {
            int verAndInstance = u16(s, pos);
            int type = u16(s, pos + 2);
            long length = u32(s, pos + 4);
            int data = pos + 8;
            if (data + length > s.length) {
                return Optional.of(Reason.of(
                        ReasonCode.MALFORMED,
                        "PowerPoint record 0x" + Integer.toHexString(type) + " runs past the end of the stream"));
            }
            switch (type) {
                case 0x1011 -> { // ExOleObjStg: an embedded object's (or a VBA project's) compound file
                    if (!Ole2.isEmptyCompoundFile(objectStorage(s, data, (int) length, verAndInstance >> 4))) {
                        return Optional.of(legacy("an embedded object (or a VBA project)"));
                    }
                }
                case 0x0FCE -> {
                    return Optional.of(legacy("a linked object"));
                }
                case 0x0400 -> { // VBAInfoAtom: every file has one; fHasMacros says whether a project is bound
                    if (length >= 8 && u32(s, data + 4) != 0) {
                        return Optional.of(legacy("a VBA macro project"));
                    }
                }
                case 0x0FEE -> {
                    return Optional.of(legacy("an ActiveX control"));
                }
                case 0x2F14 -> {
                    return Optional.of(Reason.of(ReasonCode.ENCRYPTED_CONTENT, "password-protected PowerPoint file"));
                }
                case 0x0FF3 -> { // InteractiveInfoAtom: action 1 macro, 2 run a program, 5 OLE verb
                    int action = length > 8 ? s[data + 8] & 0xff : 0;
                    if (action == 1 || action == 2 || action == 5) {
                        return Optional.of(legacy("a click action that runs a macro, program or object"));
                    }
                }
                default -> {
                    // Text, shapes and pictures; and ExOleEmbed (0x0FCC), which only names an embedded
                    // object: its storage (0x1011) is what is judged.
                }
            }
            // Containers (version 0xF) are entered; atoms are stepped over.
            pos = (verAndInstance & 0x000F) == 0x000F ? data : (int) (data + length);
        }
        return Optional.empty();
    }

    /**
     * The compound file an ExOleObjStg record holds: stored as it is (instance 0), or zlib-compressed
     * after its 4-byte uncompressed size (instance 1). Read no further than an empty one can be, so
     * a large or broken storage reads as "not empty".
     */
    private static byte[] objectStorage(byte[] s, int data, int length, int instance) {
        if (instance != 1) {
            return Arrays.copyOfRange(s, data, data + Math.min(length, Ole2.MAX_EMPTY_COMPOUND_FILE + 1));
        }
        if (length < 4) {
            return new byte[0];
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(s, data + 4, length - 4);
            byte[] out = new byte[Ole2.MAX_EMPTY_COMPOUND_FILE + 1];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            return new byte[0];
        } finally {
            inflater.end();
        }
    }

    private static Reason legacy(String what) {
        return Reason.of(ReasonCode.LEGACY_OFFICE, "contains " + what);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
