package jp.kakehashi.sanitizer;

import java.util.Locale;

/**
 * The one rule, in every format, for a link the reader may click that leads out of the file: a
 * web or mail address ({@code http:}, {@code https:}, {@code mailto:}) stays as a visible link;
 * everything else goes — {@code file:} and UNC paths ({@code \\server\share}, {@code //server}),
 * whose click sends the person's Windows credentials to that server, script and program URLs,
 * and other schemes. A place inside the same document ({@code #bookmark}) is not a link out.
 *
 * <p>The PDF, ODF and OOXML disarmers apply it and the verifier checks it; HTML keeps the same
 * three schemes through the OWASP sanitizer's standard URL protocols, and SVG keeps no link out.
 */
final class Links {
    private Links() {}

    /** Whether a link out of the file may stay clickable. */
    static boolean mayStay(String target) {
        String t = target.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("http://") || t.startsWith("https://") || t.startsWith("mailto:");
    }

    /** The removal kind for a link that may not stay. */
    static String kindOf(String target) {
        String t = target.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("javascript:") || t.startsWith("vbscript:") ? "script" : "link";
    }
}
