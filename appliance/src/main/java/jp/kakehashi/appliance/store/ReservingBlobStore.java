package jp.kakehashi.appliance.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A blob store that keeps a reserve of free space on the data disk (ATTACKS F-08). A new upload is
 * refused with {@link DiskFull} before it takes a byte when the disk is below the reserve, and an
 * upload under way stops when it has eaten half of it; either way its temporary file is removed
 * and nothing enters the pipeline. The other half is the room the database, the audit trail and
 * the index keep to record what happened.
 */
public final class ReservingBlobStore implements BlobStore {
    /** How often a writer looks at the free space again: often enough to stop well inside the reserve. */
    private static final long CHECK_EVERY = 1L << 20;

    private final BlobStore store;
    private final FileStore disk;
    private final long reserve;

    /** @throws StoreException when the data disk's free space cannot be read */
    public ReservingBlobStore(BlobStore store, Path dataDir, long reserve) {
        this.store = requireNonNull(store, "store");
        try {
            this.disk = Files.getFileStore(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot read the free space of " + dataDir, e);
        }
        if (reserve < 0) {
            throw new IllegalArgumentException("reserve must not be negative, was " + reserve);
        }
        this.reserve = reserve;
    }

    /** Free bytes on the data disk now. */
    public long usable() throws IOException {
        return disk.getUsableSpace();
    }

    @Override
    public BlobWriter create() throws IOException {
        long usable = usable();
        if (usable < reserve) {
            throw new DiskFull(usable, reserve);
        }
        return new Writer(store.create());
    }

    @Override
    public SeekableByteChannel openChannel(BlobId id) throws IOException {
        return store.openChannel(id);
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        return store.open(id);
    }

    @Override
    public long size(BlobId id) throws IOException {
        return store.size(id);
    }

    @Override
    public boolean exists(BlobId id) {
        return store.exists(id);
    }

    @Override
    public void delete(BlobId id) throws IOException {
        store.delete(id);
    }

    private final class Writer extends BlobWriter {
        private final BlobWriter writer;
        private long nextCheck = CHECK_EVERY;

        Writer(BlobWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) throws IOException {
            writer.write(b);
            checked();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writer.write(b, off, len);
            checked();
        }

        private void checked() throws IOException {
            if (writer.written() < nextCheck) {
                return;
            }
            nextCheck = writer.written() + CHECK_EVERY;
            long usable = usable();
            if (usable < reserve / 2) {
                throw new DiskFull(usable, reserve);
            }
        }

        @Override
        public StoredBlob commit() throws IOException {
            return writer.commit();
        }

        @Override
        public long written() {
            return writer.written();
        }

        @Override
        public void checkpoint() throws IOException {
            writer.checkpoint();
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
