package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file a user may download now. Closing the stream records the download (bytes sent) in the
 * audit trail.
 *
 * @param name the name the file is saved under
 */
public record Download(String name, long size, Opener opener) {
    public Download {
        requireNonNull(name, "name");
        requireNonNull(opener, "opener");
    }

    /** Opens the decrypted bytes. */
    public interface Opener {
        InputStream open() throws IOException;
    }
}
