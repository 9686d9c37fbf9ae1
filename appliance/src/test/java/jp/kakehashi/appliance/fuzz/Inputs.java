package jp.kakehashi.appliance.fuzz;

import java.nio.charset.StandardCharsets;

/** How a fuzz input's bytes become text, so that the checked-in inputs stay readable files. */
public final class Inputs {
    private Inputs() {}

    /**
     * UTF-8, as a client sends it; an input that starts with {@code 0xFE} is raw UTF-16 code units
     * (big-endian pairs) instead, the only way to reach what UTF-8 cannot carry: an unpaired
     * surrogate, as a Java client or a JSON escape of U+D800 may send.
     */
    public static String text(byte[] input) {
        if (input.length > 0 && input[0] == (byte) 0xFE) {
            StringBuilder units = new StringBuilder();
            for (int i = 1; i + 1 < input.length; i += 2) {
                units.append((char) (((input[i] & 0xff) << 8) | (input[i + 1] & 0xff)));
            }
            return units.toString();
        }
        return new String(input, StandardCharsets.UTF_8);
    }
}
