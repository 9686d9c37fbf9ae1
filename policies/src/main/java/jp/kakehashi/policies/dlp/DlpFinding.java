package jp.kakehashi.policies.dlp;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One detector that fired on a file's text.
 *
 * @param detector the detector's id ({@code my-number}, or a word list's id)
 * @param count how many matches were found
 * @param example the first match, masked so that the finding itself does not leak the number
 * @param members the archive members the matches were found in, by path, in the order found;
 *     empty for a file that is not an archive
 */
public record DlpFinding(String detector, int count, String example, List<String> members) {
    public DlpFinding {
        requireNonNull(detector, "detector");
        requireNonNull(example, "example");
        members = List.copyOf(members);
        if (count < 1) {
            throw new IllegalArgumentException("a finding needs at least one match, was " + count);
        }
    }

    /** A finding in a file that is not an archive. */
    public DlpFinding(String detector, int count, String example) {
        this(detector, count, example, List.of());
    }
}
