package jp.kakehashi.policies.imports;

/**
 * Import data that does not match its layout, naming the row (1 = the first line of the file)
 * and column; the value itself is never repeated, since it may be personal data.
 */
public final class ImportRefused extends Exception {
    private static final long serialVersionUID = 1L;

    private final long row;
    private final int column;

    public ImportRefused(long row, int column, String columnName, String expected) {
        super(row + " 行目 " + (column > 0 ? column + " 列目 (" + columnName + ")" : "") + ": " + expected + " / row " + row
                + (column > 0 ? ", column " + column + " (" + columnName + ")" : ""));
        this.row = row;
        this.column = column;
    }

    /** The line of the file, counting from 1. */
    public long row() {
        return row;
    }

    /** The column, counting from 1; 0 when the whole row is wrong. */
    public int column() {
        return column;
    }
}
