package jp.kakehashi.sanitizer;

import java.util.Optional;

/**
 * Types whose first bytes decide them alone, checked before Tika's detector chain: the chain
 * evaluates every magic pattern of higher priority (some of them regular expressions over the
 * first kilobytes) for each file, about half a millisecond, when a PNG says what it is in eight
 * bytes. Tika answers the same for these whatever the file is called, except where the name
 * names a narrower type (a PDF called {@code .ai}), which {@link TypeDetector} leaves to Tika;
 * {@code SignaturesTest} holds both to that on every specimen.
 */
final class Signatures {
    private Signatures() {}

    /** Bytes of the file's start this class needs at most. */
    static final int HEAD = 8;

    /** The type {@code head} (the file's first bytes, {@code length} of them) decides, if any. */
    static Optional<String> of(byte[] head, int length) {
        if (starts(head, length, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')) {
            return Optional.of("image/png");
        }
        if (starts(head, length, 0xff, 0xd8, 0xff)) {
            return Optional.of("image/jpeg");
        }
        if (starts(head, length, 'G', 'I', 'F', '8', '7', 'a') || starts(head, length, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of("image/gif");
        }
        if (starts(head, length, '%', 'P', 'D', 'F', '-')) {
            return Optional.of("application/pdf");
        }
        if (starts(head, length, '{', '\\', 'r', 't', 'f')) {
            return Optional.of("application/rtf");
        }
        return Optional.empty();
    }

    /** Whether the file starts as a ZIP archive does (a local file header). */
    static boolean isZip(byte[] head, int length) {
        return starts(head, length, 'P', 'K', 3, 4);
    }

    private static boolean starts(byte[] head, int length, int... signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
