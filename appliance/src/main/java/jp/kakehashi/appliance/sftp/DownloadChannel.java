package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.function.LongConsumer;

/** Reads a published rendition and, when closed, records who downloaded how much (ATTACKS LOG-02). */
final class DownloadChannel implements SeekableByteChannel {
    private final SeekableByteChannel blob;
    private final LongConsumer audit;
    private long bytes;

    DownloadChannel(SeekableByteChannel blob, LongConsumer audit) {
        this.blob = blob;
        this.audit = audit;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = blob.read(dst);
        if (n > 0) {
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
            audit.accept(bytes);
        }
    }
}
