package jp.kakehashi.policies.dlp;

import static java.util.Objects.requireNonNull;

/**
 * One detector that fired on a file's text.
 *
 * @param detector the detector's id ({@code my-number}, or a word list's id)
 * @param count how many matches were found
 * @param example the first match, masked so that the finding itself does not leak the number
 */
public record DlpFinding(String detector, int count, String example) {
    public DlpFinding {
        requireNonNull(detector, "detector");
        requireNonNull(example, "example");
        if (count < 1) {
            throw new IllegalArgumentException("a finding needs at least one match, was " + count);
        }
    }
}
