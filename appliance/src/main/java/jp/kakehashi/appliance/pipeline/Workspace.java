package jp.kakehashi.appliance.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.StoredBlob;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plaintext copies an item's steps need on disk (parsers want files), in an owner-only work
 * directory, removed when the item's run ends. A copy is made once per run and shared by the
 * steps that follow.
 */
final class Workspace implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workspace.class);

    private final Path dir;
    private final BlobStore blobs;
    private @Nullable Path original;
    private @Nullable Path rendition;

    Workspace(Path work, String id, BlobStore blobs) {
        this.blobs = blobs;
        try {
            this.dir = Files.createDirectories(work.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for item " + id, e);
        }
    }

    /** Where a step writes what it makes. */
    Path dir() {
        return dir;
    }

    Path original(TransferItem item) {
        Path file = original;
        if (file == null) {
            file = copyOut(new BlobId(item.originalBlob()), "original");
            original = file;
        }
        return file;
    }

    /** Stores {@code file} as the item's rendition (encrypted, like every blob) and keeps it for the next steps. */
    StoredBlob keepRendition(Path file) {
        try (BlobStore.BlobWriter writer = blobs.create();
                InputStream in = Files.newInputStream(file)) {
            in.transferTo(writer);
            StoredBlob stored = writer.commit();
            rendition = file;
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a rendition", e);
        }
    }

    Path rendition(TransferItem item) {
        Path file = rendition;
        if (file == null || !Files.exists(file)) {
            file = copyOut(new BlobId(item.renditionBlob()), "rendition");
            rendition = file;
        }
        return file;
    }

    /** A plaintext copy of any blob, under {@code name} in this workspace. */
    Path copyOut(BlobId id, String name) {
        Path file = dir.resolve(name);
        try (InputStream in = blobs.open(id);
                OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + id, e);
        }
        return file;
    }

    @Override
    public void close() {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.warn("cannot clean work directory {}", dir, e);
        }
    }
}
