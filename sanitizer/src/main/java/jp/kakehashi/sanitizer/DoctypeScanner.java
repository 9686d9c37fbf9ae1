package jp.kakehashi.sanitizer;

/**
 * Spots {@code <!DOCTYPE} (any case) in a byte stream as it is copied, so XML parts that are
 * passed through unparsed still cannot carry entity declarations.
 */
final class DoctypeScanner {
    private static final byte[] PATTERN = "<!doctype".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private int matched;
    private boolean found;

    void update(byte[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length && !found; i++) {
            byte b = buffer[i];
            byte lower = (b >= 'A' && b <= 'Z') ? (byte) (b + 32) : b;
            if (lower == PATTERN[matched]) {
                matched++;
                if (matched == PATTERN.length) {
                    found = true;
                }
            } else {
                matched = lower == '<' ? 1 : 0;
            }
        }
    }

    boolean found() {
        return found;
    }
}
