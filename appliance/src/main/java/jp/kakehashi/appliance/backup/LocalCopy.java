package jp.kakehashi.appliance.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves a snapshot's own files (database, audit log, configuration) between this machine and a
 * remote destination. SQLite and the audit verifier read only local files, so a remote snapshot is
 * built here and uploaded, and checked from a local copy; the blobs are never copied twice.
 */
final class LocalCopy {
    private LocalCopy() {}

    /** A new private folder under {@code parent}, for one backup or check. */
    static Path tempDirectory(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        return Files.createTempDirectory(
                parent,
                prefix + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Copies the tree {@code from} to {@code to} (on any file system), folders first. */
    static void upload(Path from, Path to) throws IOException {
        copyTree(from, to);
    }

    /** Copies a remote snapshot's own files here, leaving out its stored files (there are none in it). */
    static void download(Path from, Path to) throws IOException {
        copyTree(from, to);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from)) {
            all = walk.toList();
        }
        for (Path p : all) {
            // Relative paths as text: the two sides may be different file systems (local and SFTP).
            String relative = from.relativize(p).toString();
            Path target = relative.isEmpty() ? to : to.resolve(relative);
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }
}
