package jp.kakehashi.appliance.update;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The installed releases on the data volume, {@code DIR/VERSION/}, and {@code DIR/current}: the
 * link the service starts from. The image's own release stays in the read-only root
 * ({@code /opt/kakehashi/VERSION}); {@code current} points there until the first update.
 */
public final class Releases {
    /** On the appliance, beside the data directory on the data volume. */
    public static final Path DEFAULT = Path.of("/var/lib/kakehashi/releases");

    private final Path dir;

    public Releases(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    /** The release {@code current} points to, resolved; empty before the first installation. */
    public Optional<Path> current() {
        Path link = dir.resolve("current");
        try {
            return Files.exists(link) ? Optional.of(link.toRealPath()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Optional<Version> currentVersion() {
        return current().map(Release::versionOf);
    }

    /**
     * Verifies the bundle and unpacks it as {@code DIR/VERSION/}; on any refusal nothing of it is
     * left. A version unpacked before (an update that was rolled back) is replaced.
     */
    Path unpack(Path bundle, List<Ed25519PublicKeyParameters> keys, Version version) throws IOException {
        Files.createDirectories(dir);
        Path staging = dir.resolve(".staging-" + version);
        deleteTree(staging);
        try {
            UpdateManifest manifest = UpdateBundle.unpack(bundle, keys, staging);
            if (!manifest.version().equals(version)
                    || !Release.versionOf(staging).equals(version)) {
                throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "VERSION differs from the signed manifest");
            }
            Release.requireComplete(staging);
            Path target = dir.resolve(version.toString());
            if (current().filter(target::equals).isPresent()) {
                throw new UpdateRefused(UpdateRefused.Reason.SAME_VERSION, version.toString());
            }
            deleteTree(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (RuntimeException | IOException e) {
            deleteTree(staging);
            throw e;
        }
    }

    /** Points {@code current} at the release in one step: a new link renamed over the old one. */
    void switchTo(Path release) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".current.tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, release);
        Files.move(tmp, dir.resolve("current"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the releases on the data volume other than those kept (the running one and its predecessor). */
    void prune(Set<Path> keep) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.equals("current")
                        && !Files.isSymbolicLink(entry)
                        && Files.isDirectory(entry)
                        && !keep.contains(entry.toRealPath())) {
                    deleteTree(entry);
                }
            }
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
