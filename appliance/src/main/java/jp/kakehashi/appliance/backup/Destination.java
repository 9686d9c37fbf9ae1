package jp.kakehashi.appliance.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.Fsync;
import jp.kakehashi.appliance.store.Sha256;

/**
 * A backup destination: a local or mounted directory (NFS or SMB from the backup server).
 *
 * <pre>
 * blobs/ab/cd/&lt;id&gt;           encrypted blobs, shared by every snapshot (immutable, copied once)
 * snapshots/&lt;id&gt;/             one snapshot: manifest.json, manifest.sig, kakehashi.db, audit/, config/
 * snapshots/&lt;id&gt;.partial/     a snapshot being written (or left by a crash): never read
 * tmp/                        a blob being copied
 * </pre>
 */
record Destination(Path root) {
    static final String MANIFEST = "manifest.json";
    static final String SIGNATURE = "manifest.sig";

    Path snapshots() {
        return root.resolve("snapshots");
    }

    Path snapshot(String id) {
        if (!id.matches("[0-9]{8}-[0-9]{6}(-[0-9a-f]{4})?")) {
            throw new BackupRefused(BackupRefused.Reason.NO_SUCH_SNAPSHOT, id);
        }
        return snapshots().resolve(id);
    }

    Path blob(BlobId id) {
        return root.resolve(EncryptedFileBlobStore.relativePath(id));
    }

    /** Complete snapshots (with a signed manifest), oldest first: their ids sort by time. */
    List<String> complete() {
        if (!Files.isDirectory(snapshots())) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(snapshots())) {
            return list.filter(p -> Files.exists(p.resolve(SIGNATURE)))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".partial"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the snapshots in " + snapshots(), e);
        }
    }

    /** The newest complete snapshot. */
    String latest() {
        List<String> all = complete();
        if (all.isEmpty()) {
            throw new BackupRefused(BackupRefused.Reason.NO_SNAPSHOT, root.toString());
        }
        return all.get(all.size() - 1);
    }

    /**
     * Copies {@code from} to {@code to} through {@code tmp/}: the file appears under its name
     * complete and durable, or not at all. Returns the SHA-256 of the bytes copied.
     */
    String copy(Path from, Path to) throws IOException {
        Path tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
        Path part = tmp.resolve(to.getFileName() + ".part");
        MessageDigest digest = Sha256.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(from), digest);
                OutputStream out = Files.newOutputStream(part)) {
            in.transferTo(out);
        }
        Fsync.file(part);
        Path folder = Objects.requireNonNull(to.getParent(), "a blob's folder");
        Fsync.createDirectories(folder);
        Files.move(part, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(folder);
        return Sha256.hex(digest);
    }
}
