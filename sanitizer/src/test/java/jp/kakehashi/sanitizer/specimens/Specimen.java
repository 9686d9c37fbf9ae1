package jp.kakehashi.sanitizer.specimens;

import static java.util.Objects.requireNonNull;

import jp.kakehashi.sanitizer.Verdict;

/**
 * One hostile (or control) file made by test code, with the attack it carries and what the
 * sanitizer must make of it.
 *
 * @param id a stable identifier, also the ATTACKS.md row where there is one
 * @param name the name the sender gives the file
 * @param content the bytes
 * @param verdict the sanitizer's expected verdict (before scanning)
 * @param evidence for a disarmed file, a removal kind that must be reported (empty: none);
 *     for a refused file, the reason code
 */
public record Specimen(String id, String name, byte[] content, Verdict verdict, String evidence) {
    public Specimen {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(content, "content");
        requireNonNull(verdict, "verdict");
        requireNonNull(evidence, "evidence");
    }

    @Override
    public String toString() {
        return id + " (" + name + ")";
    }
}
