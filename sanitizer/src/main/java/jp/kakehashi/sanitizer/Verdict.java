package jp.kakehashi.sanitizer;

/** The outcome a sender and an officer see for one file (DESIGN §6). */
public enum Verdict {
    /** Nothing active was found; the rebuilt file crosses. */
    CLEAN,
    /** Active content was removed; the rebuilt file crosses. */
    SANITIZED,
    /** The file does not cross. */
    BLOCKED,
    /** The file does not cross and the original is kept, encrypted, for the officer. */
    QUARANTINED;

    /** The lower-case word used in JSON reports. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
