package jp.kakehashi.appliance.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes the snapshots a retention rule no longer keeps, then the stored files no kept snapshot
 * needs. A kept snapshot never loses a file: a file goes only when no remaining manifest names it,
 * and a backup running at the same time is excluded by the destination's lock.
 */
public final class Prune {
    private Prune() {}

    /** What a prune removed. */
    public record Outcome(List<String> removed, int blobsRemoved, long bytesFreed) {}

    public static Outcome run(Path destination, SnapshotRetention retention) {
        Destination dest = new Destination(destination);
        try (Destination.Lock lock = dest.lock()) {
            List<String> all = dest.complete();
            Set<String> keep = retention.keep(all);
            List<String> removed = new ArrayList<>();
            for (String id : all) {
                if (!keep.contains(id)) {
                    deleteTree(dest.snapshot(id));
                    removed.add(id);
                }
            }
            Set<String> needed = new HashSet<>();
            for (String id : keep) {
                needed.addAll(
                        Manifest.parse(Files.readAllBytes(dest.snapshot(id).resolve(Destination.MANIFEST)))
                                .blobs()
                                .keySet());
            }
            int blobs = 0;
            long bytes = 0;
            Path root = destination.resolve("blobs");
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        if (!needed.contains(f.getFileName().toString())) {
                            bytes += Files.size(f);
                            Files.delete(f);
                            blobs++;
                        }
                    }
                }
            }
            return new Outcome(removed, blobs, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune " + destination + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
