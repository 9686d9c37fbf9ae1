package jp.kakehashi.policies;

import java.util.Locale;

/** What the virus scanner said, as rules name it ({@code scan: [clean]}). */
public enum ScanVerdict {
    CLEAN,
    INFECTED,
    /** The scanner could not decide (size limit, encrypted content, error). */
    UNSCANNABLE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
