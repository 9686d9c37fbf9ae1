package jp.kakehashi.appliance.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.kakehashi.appliance.store.Fsync;
import jp.kakehashi.appliance.store.Sha256;

/**
 * Copies many files, each through a temporary name, fsynced and renamed into place, a few at a
 * time: the waits for the disk overlap (the file system commits their fsyncs together), which is
 * most of a backup's time with thousands of small files. Each folder that received a file is
 * fsynced once, in {@link #finish}; only then are the copies durable under their names.
 */
final class DurableCopies implements AutoCloseable {
    private static final int THREADS = 4;

    /** One copy's outcome: the SHA-256 of what was copied, or empty when the source was gone. */
    record Copied(Path target, Optional<String> sha256) {}

    private final Path temp;
    private final ExecutorService pool = Executors.newFixedThreadPool(
            THREADS, Thread.ofPlatform().name("backup-copy-", 1).daemon().factory());
    private final List<Future<Copied>> pending = new ArrayList<>();

    DurableCopies(Path temp) throws IOException {
        this.temp = temp;
        Files.createDirectories(temp);
    }

    void submit(Path from, Path to) {
        pending.add(pool.submit(() -> copy(from, to)));
    }

    /** Waits for every copy and makes the folders' new names durable. */
    List<Copied> finish() throws IOException {
        List<Copied> done = new ArrayList<>();
        Set<Path> folders = new LinkedHashSet<>();
        for (Future<Copied> f : pending) {
            try {
                Copied c = f.get();
                done.add(c);
                if (c.sha256().isPresent()) {
                    folders.add(Objects.requireNonNull(c.target().getParent(), "a copy's folder"));
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while copying", e);
            }
        }
        pending.clear();
        for (Path folder : folders) {
            Fsync.directory(folder);
        }
        return done;
    }

    private Copied copy(Path from, Path to) throws IOException {
        Path part = temp.resolve(to.getFileName() + ".part");
        MessageDigest digest = Sha256.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(from), digest);
                OutputStream out = Files.newOutputStream(part)) {
            in.transferTo(out);
        } catch (NoSuchFileException e) {
            if (e.getFile() != null && e.getFile().equals(from.toString())) {
                Files.deleteIfExists(part);
                return new Copied(to, Optional.empty());
            }
            throw e;
        }
        Fsync.file(part);
        Path folder = Objects.requireNonNull(to.getParent(), "a copy's folder");
        Fsync.createDirectories(folder);
        Files.move(part, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Copied(to, Optional.of(Sha256.hex(digest)));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
