package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.StoredBlob;

/**
 * An upload streaming into the encrypted store. Writes must be sequential (SFTP clients send
 * increasing offsets). Only a close the client asked for ({@link #commitOnClose()}, set when
 * SSH_FXP_CLOSE arrives) stores the blob and creates the transfer item; a connection that
 * drops leaves nothing but an {@code UPLOAD_ABORTED} audit record (ATTACKS SFTP-05, F-05).
 */
final class UploadChannel implements SeekableByteChannel {
    interface Completion {
        void received(StoredBlob blob) throws IOException;
    }

    private final BlobStore.BlobWriter writer;
    private final Completion completion;
    private final Runnable aborted;
    private long position;
    private volatile boolean commit;
    private boolean open = true;

    UploadChannel(BlobStore.BlobWriter writer, Completion completion, Runnable aborted) {
        this.writer = writer;
        this.completion = completion;
        this.aborted = aborted;
    }

    void commitOnClose() {
        commit = true;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (position != writer.written()) {
            throw new IOException("out-of-order write at offset " + position + " (expected " + writer.written()
                    + "); resuming or random writes are not supported");
        }
        int n = src.remaining();
        if (src.hasArray()) {
            writer.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            byte[] copy = new byte[n];
            src.get(copy);
            writer.write(copy);
        }
        position += n;
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
        if (commit) {
            completion.received(writer.commit());
        } else {
            writer.close();
            aborted.run();
        }
    }
}
