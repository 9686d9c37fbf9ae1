package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file a user may download now. Closing the stream records the download (bytes sent) in the
 * audit trail.
 *
 * @param name the name the file is saved under
 * @param version names these exact bytes (a blob): another version of the file has another one,
 *     so a client resuming a download never splices two versions together
 */
public record Download(String name, long size, String version, Opener opener) {
    public Download {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        requireNonNull(opener, "opener");
    }

    /** Opens the decrypted bytes. */
    public interface Opener {
        /** From {@code offset} on: 0 for the whole file, more to resume or for a range. */
        InputStream open(long offset) throws IOException;
    }
}
