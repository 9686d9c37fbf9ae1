package jp.kakehashi.policies.imports;

import java.util.Locale;

/** What a column of import data may hold. */
public enum ColumnType {
    /** Any characters except control characters, up to the column's {@code max-length}. */
    TEXT,
    /** ASCII digits only, exactly {@code length} of them when given (codes, postal codes). */
    DIGITS,
    /** A whole number, optionally signed. */
    INTEGER,
    /** A calendar date in the column's {@code date-format} (default yyyy-MM-dd). */
    DATE,
    /** A 12-digit 個人番号 whose check digit is valid. */
    MY_NUMBER,
    /** One of the column's listed {@code values}. */
    CODE;

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
