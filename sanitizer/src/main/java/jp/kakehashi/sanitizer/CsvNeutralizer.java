package jp.kakehashi.sanitizer;

import java.io.IOException;

/**
 * Makes spreadsheet formulas in CSV/TSV cells inert by prefixing {@code '} to any cell that starts
 * with {@code = + - @}, TAB or CR, unless the cell is a plain number ({@code -12.5}, {@code +81}).
 * Quoted cells keep their quotes ({@code "=1+2"} becomes {@code "'=1+2"}); every other unit is
 * copied unchanged.
 *
 * <p>Works on code units from a {@link Source}: bytes for UTF-8, CP932 and EUC-JP (where a cell
 * can only begin after an ASCII delimiter, quote or line end, and none of those bytes is ever a
 * trail byte), or chars for stateful encodings such as ISO-2022-JP.
 */
final class CsvNeutralizer {
    /** Longest cell examined for "is it a plain number"; longer cells are not numbers. */
    private static final int MAX_CELL_LOOKAHEAD = 256;

    interface Source {
        /** The next unit, or -1 at the end. */
        int read() throws IOException;
    }

    interface Sink {
        void write(int unit) throws IOException;
    }

    private CsvNeutralizer() {}

    /** Copies {@code in} to {@code out}; returns how many cells were neutralised. */
    static int neutralize(Source in, Sink out, int delimiter) throws IOException {
        int count = 0;
        boolean atCellStart = true;
        boolean inQuotes = false;
        int[] cell = new int[MAX_CELL_LOOKAHEAD];
        int c = in.read();
        while (c >= 0) {
            if (atCellStart) {
                atCellStart = false;
                boolean quoted = c == '"';
                if (quoted) {
                    out.write(c);
                    inQuotes = true;
                    c = in.read();
                    if (c < 0) {
                        break;
                    }
                }
                if (isTrigger(c)) {
                    // Look ahead to the end of the cell (bounded) to spare plain numbers.
                    int n = 0;
                    int next = c;
                    while (next >= 0 && n < cell.length && !endsCell(next, delimiter, quoted)) {
                        cell[n++] = next;
                        next = in.read();
                    }
                    boolean number = n < cell.length && isPlainNumber(cell, n);
                    if (!number) {
                        out.write('\'');
                        count++;
                    }
                    for (int i = 0; i < n; i++) {
                        out.write(cell[i]);
                    }
                    c = next;
                    continue;
                }
            }
            out.write(c);
            if (inQuotes) {
                if (c == '"') {
                    int next = in.read();
                    if (next == '"') {
                        out.write(next);
                    } else {
                        inQuotes = false;
                        c = next;
                        continue;
                    }
                }
            } else if (c == delimiter || c == '\n') {
                atCellStart = true;
            } else if (c == '\r') {
                int next = in.read();
                atCellStart = true;
                c = next;
                if (next == '\n') {
                    out.write(next);
                    c = in.read();
                }
                continue;
            }
            c = in.read();
        }
        return count;
    }

    private static boolean isTrigger(int c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    private static boolean endsCell(int c, int delimiter, boolean quoted) {
        return quoted ? c == '"' : c == delimiter || c == '\n' || c == '\r';
    }

    /** {@code [+-]digits[.digits]}, with optional thousands commas only when quoted; nothing else. */
    private static boolean isPlainNumber(int[] cell, int n) {
        if (n < 2 || (cell[0] != '+' && cell[0] != '-')) {
            return false;
        }
        boolean digit = false;
        boolean dot = false;
        for (int i = 1; i < n; i++) {
            int c = cell[i];
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else if (c != ',') {
                return false;
            }
        }
        return digit;
    }
}
