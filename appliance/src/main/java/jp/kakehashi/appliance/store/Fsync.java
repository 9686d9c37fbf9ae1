package jp.kakehashi.appliance.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes names durable: fsync of the directory that holds a new name (DESIGN §7 crash-safe). A
 * renamed file survives a power cut only if its folder's own name does too.
 */
public final class Fsync {
    private Fsync() {}

    /**
     * Creates {@code dir} and its missing parents, each new name made durable in its parent
     * before anything is renamed into it.
     */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IOException("cannot create the root directory " + dir);
        }
        createDirectories(parent);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            // Another writer made it: its fsync of the parent may still be to come, so do ours.
        }
        directory(parent);
    }

    /** Makes a written file's bytes durable. */
    public static void file(Path file) throws IOException {
        if (remote(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    public static void directory(Path dir) throws IOException {
        if (remote(dir)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * A path on another machine (a backup's SFTP server): NIO gives no fsync there (MINA's channel
     * ignores force), so durability is the server's; a backup's signed manifest, checked by
     * {@code backup verify}, is what proves a remote snapshot whole.
     */
    private static boolean remote(Path path) {
        return path.getFileSystem() != FileSystems.getDefault();
    }
}
