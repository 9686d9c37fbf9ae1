package jp.kakehashi.sanitizer;

import java.util.regex.Pattern;

/**
 * Whether CSS fetches or runs something, judged as a browser reads it: comments removed first
 * (they separate tokens), then escapes decoded ({@code @\69mport} is {@code @import}, {@code
 * u\72l(} is {@code url(}), then the active forms looked for: imports, url() that is not an
 * internal {@code #} reference or an inline PNG/JPEG/GIF, image-set() and image() (which fetch
 * from a bare string), IE expressions and behaviours, Mozilla bindings, script URLs. A filter that
 * looks at the text as written is what escaped CSS walks past (ISSUE 28).
 */
final class CssText {
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?(\\*/|$)", Pattern.DOTALL);

    private static final Pattern ACTIVE = Pattern.compile(
            "@import|expression\\s*\\(|javascript:|vbscript:|-moz-binding|behavior\\s*:"
                    + "|image-set\\s*\\(|(?<![\\w-])image\\s*\\("
                    + "|url\\s*\\(\\s*['\"]?\\s*(?!#|data:image/(png|jpeg|gif)[;,])",
            Pattern.CASE_INSENSITIVE);

    private CssText() {}

    /** Whether the style sheet or declaration list loads content or runs code. */
    static boolean active(String css) {
        return ACTIVE.matcher(unescape(COMMENT.matcher(css).replaceAll(" "))).find();
    }

    /** CSS escapes decoded: a backslash and 1-6 hex digits (and one following space), or any other character. */
    static String unescape(String css) {
        StringBuilder out = new StringBuilder(css.length());
        int i = 0;
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c != '\\' || i + 1 >= css.length()) {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < css.length() && j - i <= 6 && Character.digit(css.charAt(j), 16) >= 0) {
                j++;
            }
            if (j > i + 1) {
                int cp = Integer.parseInt(css.substring(i + 1, j), 16);
                boolean valid = cp > 0 && cp <= Character.MAX_CODE_POINT && (cp < 0xD800 || cp > 0xDFFF);
                out.appendCodePoint(valid ? cp : 0xFFFD);
                if (j < css.length() && Character.isWhitespace(css.charAt(j))) {
                    j++;
                }
                i = j;
            } else if (css.charAt(j) == '\n' || css.charAt(j) == '\r' || css.charAt(j) == '\f') {
                i = j + 1; // a line continuation inside a string
            } else {
                out.append(css.charAt(j));
                i = j + 1;
            }
        }
        return out.toString();
    }
}
