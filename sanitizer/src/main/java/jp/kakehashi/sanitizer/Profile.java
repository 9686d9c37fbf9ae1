package jp.kakehashi.sanitizer;

import java.util.List;
import java.util.Locale;

/**
 * How a file is disarmed, from most to least faithful. A policy gives a ladder of them; when one
 * cannot produce a verified file the next is tried, and the report names the one that did.
 */
public enum Profile {
    /** Keep the format and everything editable; remove what can act. */
    REBUILD("作り直し（編集可能）", "rebuilt (still editable)"),
    /** PDF pages rendered to pixels and put in a fresh PDF: looks the same, nothing can act, not editable. */
    FLATTEN("画像化", "flattened to page images"),
    /** Only the text, as a UTF-8 .txt file. */
    TEXT("テキストのみ抽出", "text only");

    /** Rebuild, and flatten a PDF whose rebuild cannot be verified; never text unless policy asks. */
    public static final List<Profile> DEFAULT_LADDER = List.of(REBUILD, FLATTEN);

    private final String ja;
    private final String en;

    Profile(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String ja() {
        return ja;
    }

    public String en() {
        return en;
    }

    /**
     * The ladder a policy means when it names one profile for a type: that profile or anything
     * stricter that is possible. {@code rebuild} flattens a PDF whose rebuild fails; {@code
     * flatten} gives the text of a file that has no page images (an Office document); {@code
     * text} is text only. Never a weaker profile than the one named.
     */
    public List<Profile> atLeast() {
        return switch (this) {
            case REBUILD -> DEFAULT_LADDER;
            case FLATTEN -> List.of(FLATTEN, TEXT);
            case TEXT -> List.of(TEXT);
        };
    }

    /** Parses {@code rebuild,flatten,text}; refuses unknown words and an empty ladder. */
    public static List<Profile> ladder(String words) {
        List<Profile> ladder = new java.util.ArrayList<>();
        for (String w : words.split(",")) {
            String word = w.strip().toUpperCase(Locale.ROOT);
            try {
                Profile p = Profile.valueOf(word);
                if (!ladder.contains(p)) {
                    ladder.add(p);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown profile '" + w.strip() + "'; expected rebuild, flatten or text", e);
            }
        }
        if (ladder.isEmpty()) {
            throw new IllegalArgumentException("the profile ladder is empty; expected rebuild, flatten or text");
        }
        return List.copyOf(ladder);
    }
}
