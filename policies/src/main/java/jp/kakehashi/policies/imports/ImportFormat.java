package jp.kakehashi.policies.imports;

/** How the rows of import data are laid out. */
public enum ImportFormat {
    /** Delimited values (RFC 4180 quoting). */
    CSV,
    /** Each line the sum of the columns' widths, in bytes of the encoding. */
    FIXED_WIDTH
}
