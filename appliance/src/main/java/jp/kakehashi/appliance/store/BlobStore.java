package jp.kakehashi.appliance.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * Where originals and renditions live. The embedded implementation is {@link EncryptedFileBlobStore};
 * an S3-compatible one can be added behind the same contract.
 */
public interface BlobStore {

    /** Starts a new blob; bytes written are encrypted and hashed on the way, never buffered whole. */
    BlobWriter create() throws IOException;

    /** Random-access plaintext of a stored blob. */
    SeekableByteChannel openChannel(BlobId id) throws IOException;

    /** Sequential plaintext of a stored blob. */
    InputStream open(BlobId id) throws IOException;

    /** Sequential plaintext of a stored blob from {@code offset} on (a resumed download, a byte range). */
    default InputStream open(BlobId id, long offset) throws IOException {
        SeekableByteChannel channel = openChannel(id);
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return java.nio.channels.Channels.newInputStream(channel);
    }

    /** The plaintext size of a stored blob. */
    long size(BlobId id) throws IOException;

    boolean exists(BlobId id);

    void delete(BlobId id) throws IOException;

    /** An upload in progress: {@link #commit()} makes it durable, {@link #close()} alone discards it. */
    abstract class BlobWriter extends OutputStream {
        /** Flushes, fsyncs and publishes the blob under its id; nothing is visible before. */
        public abstract StoredBlob commit() throws IOException;

        /** Bytes written so far. */
        public abstract long written();

        /**
         * Puts what is sealed so far on disk: an upload that pauses (its connection dropped, one
         * part of a resumable upload arrived) keeps its bytes durable, and the commit that follows
         * a resumption syncs only what came after.
         */
        public void checkpoint() throws IOException {}
    }
}
