package jp.kakehashi.appliance.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;

/**
 * A backup destination: a local or mounted directory (NFS or SMB from the backup server), or a
 * directory on an SFTP server (its root a path of MINA's SFTP file system, see {@link BackupTarget}).
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
    /** Longer than any backup or prune runs: a remote lock this old was left by a crash. */
    static final Duration STALE_LOCK = Duration.ofHours(12);

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

    /** On this machine's own file systems (a disk or a mounted share), not on an SFTP server. */
    boolean local() {
        return root.getFileSystem() == FileSystems.getDefault();
    }

    /** The destination's lock: one backup or prune at a time, so a prune never takes a running backup's files. */
    interface Lock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    Lock lock() throws IOException {
        Files.createDirectories(root);
        if (!local()) {
            return remoteLock();
        }
        FileChannel channel =
                FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() == null) {
                throw new BackupRefused(BackupRefused.Reason.DESTINATION_BUSY, root.toString());
            }
        } catch (OverlappingFileLockException | BackupRefused e) {
            channel.close();
            throw e instanceof BackupRefused r
                    ? r
                    : new BackupRefused(BackupRefused.Reason.DESTINATION_BUSY, root.toString());
        }
        return channel::close;
    }

    /**
     * SFTP has no byte-range locks: the lock is a file made with exclusive creation, naming who
     * holds it. One older than {@link #STALE_LOCK} was left by a crash and is taken over.
     */
    private Lock remoteLock() throws IOException {
        Path file = root.resolve(".lock");
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.write(
                        file,
                        (ProcessHandle.current().pid() + "@" + hostName() + " " + Instant.now() + "\n")
                                .getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return () -> Files.deleteIfExists(file);
            } catch (FileAlreadyExistsException e) {
                Instant since = Files.getLastModifiedTime(file).toInstant();
                if (Duration.between(since, Instant.now()).compareTo(STALE_LOCK) < 0) {
                    break;
                }
                Files.deleteIfExists(file);
            }
        }
        throw new BackupRefused(
                BackupRefused.Reason.DESTINATION_BUSY, root.toUri().toString());
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
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
}
