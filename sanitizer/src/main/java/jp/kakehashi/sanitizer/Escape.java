package jp.kakehashi.sanitizer;

/** Makes untrusted names safe to show in reports, logs and terminals (ATTACKS LOG-01, NAME-01). */
public final class Escape {
    private static final int MAX = 200;

    private Escape() {}

    /**
     * Replaces control, bidi and other invisible format characters by {@code \\uXXXX} and cuts
     * the text to 200 characters, marking the cut.
     */
    public static String forReport(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= MAX) {
                out.append("…(").append(text.length()).append(" chars)");
                break;
            }
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (c < 0x20
                    || c == 0x7f
                    || type == Character.FORMAT
                    || type == Character.CONTROL
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
