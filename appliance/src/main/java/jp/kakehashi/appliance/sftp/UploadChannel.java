package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.DiskFull;
import jp.kakehashi.appliance.store.StoredBlob;

/**
 * One open handle's writes to an upload streaming into the encrypted store. Writes must be
 * sequential (SFTP clients send increasing offsets; a resumed upload goes on at its size). How
 * the handle ends decides what happens to the bytes ({@link Ending}): only a close the client
 * asked for ({@link #commitOnClose()}, set when SSH_FXP_CLOSE arrives) after writes that all
 * succeeded can hand them on; a connection that drops leaves them for the owner to resume, never
 * in the pipeline (ATTACKS SFTP-05, F-05); a failed write discards them.
 */
final class UploadChannel implements SeekableByteChannel {
    /** Where the bytes go. */
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws IOException;

        long written();

        /** Stores the bytes durably and hands them on; a refusal is an exception with its reason. */
        void commit() throws IOException;

        /** Drops the bytes. */
        void abort() throws IOException;
    }

    /** An upload of a new transfer item. */
    static Sink toPipeline(BlobStore.BlobWriter writer, Completion completion) {
        return new Sink() {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                writer.write(bytes, offset, length);
            }

            @Override
            public long written() {
                return writer.written();
            }

            @Override
            public void commit() throws IOException {
                completion.received(writer.commit());
            }

            @Override
            public void abort() throws IOException {
                writer.close();
            }
        };
    }

    interface Completion {
        void received(StoredBlob blob) throws IOException;
    }

    /** What becomes of the bytes when the handle closes. */
    interface Ending {
        /** The client closed the file after writes that all succeeded. */
        void completed() throws IOException;

        /** The handle closed without the client asking (the connection dropped). */
        void interrupted() throws IOException;

        /** A write failed for {@code reason}; nothing may be kept of it. */
        void failed(String reason) throws IOException;

        /** Called after each successful write. */
        default void wrote() {}
    }

    private final Sink writer;
    private final Ending ending;
    private long position;
    private volatile boolean commit;
    private boolean open = true;
    /** Why a write failed; a client that closes after a failed write must not store what it got. */
    private String failed = "";

    UploadChannel(Sink writer, Ending ending) {
        this.writer = writer;
        this.ending = ending;
        this.position = writer.written();
    }

    void commitOnClose() {
        commit = true;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!failed.isEmpty()) {
            throw new IOException("an earlier write failed (" + failed + "); this upload is abandoned");
        }
        if (position != writer.written()) {
            failed = "OUT_OF_ORDER";
            throw new IOException("out-of-order write at offset " + position + " (expected " + writer.written()
                    + "); an upload goes on only where it stopped");
        }
        int n = src.remaining();
        try {
            if (src.hasArray()) {
                writer.write(src.array(), src.arrayOffset() + src.position(), n);
                src.position(src.limit());
            } else {
                byte[] copy = new byte[n];
                src.get(copy);
                writer.write(copy, 0, n);
            }
        } catch (DiskFull full) {
            failed = DiskFull.CODE;
            throw new FileSystemException(null, null, DiskFull.CODE + ": " + full.japanese() + " / " + full.english());
        } catch (IOException e) {
            failed = "WRITE_FAILED";
            throw e;
        }
        position += n;
        ending.wrote();
        return n;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new NonReadableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return writer.written();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size != writer.written()) {
            throw new IOException("uploads cannot be truncated");
        }
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        if (!failed.isEmpty()) {
            ending.failed(failed);
        } else if (commit) {
            ending.completed();
        } else {
            ending.interrupted();
        }
    }
}
