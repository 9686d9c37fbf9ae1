package jp.kakehashi.sanitizer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code From } line an mbox puts before each message (RFC 4155), which Thunderbird also writes
 * at the top of a mail it saves. A file with one such message is a mail, not a mailbox.
 */
final class MboxFrom {
    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private MboxFrom() {}

    /** Whether the file starts with a From line and no other message follows (no From line after a blank line). */
    static boolean oneMessage(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            if (!startsWithFrom(in)) {
                return false;
            }
            skipLine(in);
            boolean blank = false;
            while (true) {
                in.mark(FROM.length);
                if (blank && startsWithFrom(in)) {
                    return false;
                }
                in.reset();
                int length = skipLine(in);
                if (length < 0) {
                    return true;
                }
                blank = length == 0;
            }
        }
    }

    /** The stream past its first line when that line is a From line; as it was otherwise. */
    static InputStream withoutFromLine(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw);
        in.mark(FROM.length);
        if (startsWithFrom(in)) {
            skipLine(in);
        } else {
            in.reset();
        }
        return in;
    }

    private static boolean startsWithFrom(InputStream in) throws IOException {
        byte[] head = in.readNBytes(FROM.length);
        return java.util.Arrays.equals(head, FROM);
    }

    /** Skips to the next line; the line's length without its end (CR LF or LF), or -1 at the end of the stream. */
    private static int skipLine(InputStream in) throws IOException {
        int length = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return length;
            }
            if (b != '\r') {
                length++;
            }
        }
        return length == 0 ? -1 : length;
    }
}
