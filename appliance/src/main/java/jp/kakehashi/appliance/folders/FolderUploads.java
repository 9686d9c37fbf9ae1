package jp.kakehashi.appliance.folders;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.OptionalInt;
import jp.kakehashi.appliance.pipeline.Pipeline;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.StoredBlob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stored upload into a new version of a folder file: the transfer item and the version
 * are written in one transaction, and only then does the pipeline start on the item, so a
 * refused upload (a conflict that arose while the bytes were streaming, a lock taken meanwhile)
 * leaves neither behind. Both protocols come through here, with the same rights.
 */
public final class FolderUploads {
    private static final Logger log = LoggerFactory.getLogger(FolderUploads.class);

    private final Folders folders;
    private final Pipeline pipeline;
    private final BlobStore blobs;

    public FolderUploads(Folders folders, Pipeline pipeline, BlobStore blobs) {
        this.folders = requireNonNull(folders, "folders");
        this.pipeline = requireNonNull(pipeline, "pipeline");
        this.blobs = requireNonNull(blobs, "blobs");
    }

    /**
     * Starts an upload: refuses at once what {@link Folders#checkUpload} would (so a doomed upload
     * costs no bytes), else opens an encrypted blob to stream into.
     *
     * @throws FolderRefused with the reason
     */
    public Pending begin(String actor, long folder, String name, OptionalInt basedOn) throws IOException {
        folders.checkUpload(actor, folder, name, basedOn);
        return new Pending(actor, folder, name, basedOn, blobs.create());
    }

    /** An upload streaming into the store; only {@link #commit()} makes it a version. */
    public final class Pending implements AutoCloseable {
        private final String actor;
        private final long folder;
        private final String name;
        private final OptionalInt basedOn;
        private final BlobStore.BlobWriter writer;
        private boolean done;

        private Pending(String actor, long folder, String name, OptionalInt basedOn, BlobStore.BlobWriter writer) {
            this.actor = actor;
            this.folder = folder;
            this.name = name;
            this.basedOn = basedOn;
            this.writer = writer;
        }

        public void write(byte[] bytes, int offset, int length) throws IOException {
            writer.write(bytes, offset, length);
        }

        public long written() {
            return writer.written();
        }

        /**
         * Stores the bytes durably and records them as the new version.
         *
         * @throws FolderRefused when the folder changed meanwhile (a newer version, a lock); the
         *     bytes are removed again
         */
        public FileVersion commit() throws IOException {
            done = true;
            return record(actor, folder, name, basedOn, writer.commit());
        }

        /** Drops the bytes of an upload that was not committed. */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                writer.close();
            }
        }
    }

    /** Records {@code blob} as the new version and starts its way through the pipeline. */
    private FileVersion record(String actor, long folder, String name, OptionalInt basedOn, StoredBlob blob) {
        FileVersion version;
        try {
            version = folders.addVersion(
                    actor,
                    folder,
                    name,
                    basedOn,
                    (tx, u) -> pipeline.receiveIn(
                                    tx, u.flow(), u.author(), u.zone(), u.organisation(), u.name(), blob, u.folder())
                            .id());
        } catch (RuntimeException e) {
            try {
                blobs.delete(blob.id());
            } catch (IOException d) {
                // It stays encrypted, named by no item; the log tells the administrator which file it is.
                log.warn("cannot remove the refused upload's blob {}", blob.id().value(), d);
            }
            throw e;
        }
        pipeline.wake(version.item());
        return version;
    }
}
