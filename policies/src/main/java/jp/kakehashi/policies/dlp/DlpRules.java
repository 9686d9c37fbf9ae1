package jp.kakehashi.policies.dlp;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which detectors run on a file's text, from the policy's {@code dlp:} section.
 *
 * @param myNumber how 個人番号 are looked for
 * @param corporateNumbers whether 法人番号 (13 digits with their check digit) are reported
 * @param cardNumbers whether payment card numbers (Luhn) are reported
 * @param wordLists keyword lists such as 部外秘, 取扱注意, each with its own id and threshold
 * @param patternLists regular expressions, each with its own id and threshold
 */
public record DlpRules(
        MyNumberMode myNumber,
        boolean corporateNumbers,
        boolean cardNumbers,
        List<WordList> wordLists,
        List<PatternList> patternLists) {
    /** Detector ids of the built-in detectors, cited by rules ({@code dlp: [my-number]}). */
    public static final String MY_NUMBER = "my-number";

    public static final String CORPORATE_NUMBER = "corporate-number";
    public static final String CARD_NUMBER = "card-number";

    public DlpRules {
        requireNonNull(myNumber, "myNumber");
        wordLists = List.copyOf(wordLists);
        patternLists = List.copyOf(patternLists);
    }

    /** No detector at all. */
    public static DlpRules none() {
        return new DlpRules(MyNumberMode.OFF, false, false, List.of(), List.of());
    }

    /** Every detector id these rules can report. */
    public List<String> detectorIds() {
        List<String> ids = new java.util.ArrayList<>();
        if (myNumber != MyNumberMode.OFF) {
            ids.add(MY_NUMBER);
        }
        if (corporateNumbers) {
            ids.add(CORPORATE_NUMBER);
        }
        if (cardNumbers) {
            ids.add(CARD_NUMBER);
        }
        wordLists.forEach(w -> ids.add(w.id()));
        patternLists.forEach(p -> ids.add(p.id()));
        return List.copyOf(ids);
    }

    /**
     * A short fingerprint of these detectors (SHA-256 of their settings), recorded with each
     * item's findings: findings recorded under other detectors cannot be replayed as if they were
     * found by these.
     */
    public String fingerprint() {
        StringBuilder s = new StringBuilder()
                .append("my-number=")
                .append(myNumber)
                .append(";corporate=")
                .append(corporateNumbers)
                .append(";card=")
                .append(cardNumbers);
        wordLists.forEach(w -> s.append(";words:")
                .append(w.id())
                .append('=')
                .append(String.join("\u0000", w.words()))
                .append(">=")
                .append(w.threshold()));
        patternLists.forEach(p -> s.append(";pattern:")
                .append(p.id())
                .append('=')
                .append(p.pattern().pattern())
                .append('/')
                .append(p.pattern().flags())
                .append(">=")
                .append(p.threshold()));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** How 個人番号 are recognised. */
    public enum MyNumberMode {
        OFF,
        /** Any 12 digits (4-4-4 groups allowed) with a valid check digit: one random number in eleven passes. */
        STRICT,
        /** As strict, and 個人番号 or マイナンバー written within {@value MyNumberContext#WINDOW} characters. */
        CONTEXT
    }

    /** Words counted in the text; the list fires when the total reaches {@code threshold}. */
    public record WordList(String id, List<String> words, int threshold) {
        public WordList {
            requireNonNull(id, "id");
            words = List.copyOf(words);
            if (words.isEmpty() || words.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("word list " + id + " needs at least one non-blank word");
            }
            if (threshold < 1) {
                throw new IllegalArgumentException("threshold of " + id + " must be at least 1, was " + threshold);
            }
        }
    }

    /** A regular expression counted in the text; fires when the count reaches {@code threshold}. */
    public record PatternList(String id, Pattern pattern, int threshold) {
        public PatternList {
            requireNonNull(id, "id");
            requireNonNull(pattern, "pattern");
            if (threshold < 1) {
                throw new IllegalArgumentException("threshold of " + id + " must be at least 1, was " + threshold);
            }
        }
    }
}
