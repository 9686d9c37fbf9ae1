package jp.kakehashi.appliance.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a rename durable: fsync of the directory that holds the new name (DESIGN §7 crash-safe). */
public final class Fsync {
    private Fsync() {}

    public static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
