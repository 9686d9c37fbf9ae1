package jp.kakehashi.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jp.kakehashi.web.port.Download;
import org.jspecify.annotations.Nullable;

/** The validators and byte ranges of a download. */
final class Downloads {
    private Downloads() {}

    /**
     * A strong entity tag: the same for the same bytes, and different when the file is another
     * version. It is a hash of the version the core names, so no internal id reaches the client.
     */
    static String etag(Download d) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(d.version().getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Whether a range may be served: without {@code If-Range}, or when it names this very version
     * (a date, or another tag, means the client's partial copy may be of other bytes: send all).
     */
    static boolean sameVersion(@Nullable String ifRange, String etag) {
        return ifRange == null || ifRange.strip().equals(etag);
    }

    /** At most {@code length} bytes of {@code in}; closing it closes {@code in}. */
    static InputStream limited(InputStream in, long length) {
        return new FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(Math.min(n, left));
                left -= skipped;
                return skipped;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), left);
            }
        };
    }
}
