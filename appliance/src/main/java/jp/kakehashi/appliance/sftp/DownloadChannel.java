package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Reads a published rendition and, when closed, records who downloaded how much from where
 * (ATTACKS LOG-02). A client resuming a download ({@code reget}, WinSCP's resume) reads only the
 * rest: where it started counts, or a download finished that way would never count as received.
 */
final class DownloadChannel implements SeekableByteChannel {
    /** What a closed download read: from the lowest offset it read at, how many bytes in all. */
    @FunctionalInterface
    interface Finished {
        void read(long from, long bytes);
    }

    private final SeekableByteChannel blob;
    private final Finished audit;
    private long from = Long.MAX_VALUE;
    private long bytes;

    DownloadChannel(SeekableByteChannel blob, Finished audit) {
        this.blob = blob;
        this.audit = audit;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        long at = blob.position();
        int n = blob.read(dst);
        if (n > 0) {
            from = Math.min(from, at);
            bytes += n;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        return blob.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        blob.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return blob.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return blob.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (blob.isOpen()) {
            blob.close();
            audit.read(bytes == 0 ? 0 : from, bytes);
        }
    }
}
