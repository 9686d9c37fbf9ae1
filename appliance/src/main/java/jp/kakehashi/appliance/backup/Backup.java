package jp.kakehashi.appliance.backup;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.base.ReleaseVersion;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.Fsync;
import jp.kakehashi.appliance.store.Sha256;

/**
 * Takes one snapshot of a data directory while the appliance serves it. The order makes it
 * consistent without stopping anything: the database first ({@code VACUUM INTO}), then the audit
 * checkpoints, then the log (an event leaves the database's outbox only once it is in the log, so
 * the log copied later holds at least what the database copy no longer queues; a record appended
 * twice is skipped by its outbox id), then the blobs that database copy needs. Blobs are copied as
 * they lie, encrypted, and only when the destination does not hold them yet. The search index is
 * not copied: a restore rebuilds it from the published files.
 */
public final class Backup {
    static final String DATABASE = "kakehashi.db";
    static final String AUDIT = "audit";
    static final String CONFIG = "config";
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final DataDir data;
    private final List<Path> configuration;
    private final AuditKeys keys;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param configuration the configuration and policy files to keep beside the data (restored for
     *     review, never over the running ones)
     * @param keys the audit key, which signs each manifest
     */
    public Backup(DataDir data, List<Path> configuration, AuditKeys keys, Clock clock, SecureRandom random) {
        this.data = requireNonNull(data, "data");
        this.configuration = List.copyOf(configuration);
        this.keys = requireNonNull(keys, "keys");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
    }

    /** What one run wrote: the manifest, and how much of it was new at the destination. */
    public record Outcome(Manifest manifest, int blobsCopied, long bytesCopied, int blobsKept, Duration took) {}

    /** Writes a new snapshot to {@code destination}; nothing of it is visible until its manifest is signed. */
    public Outcome to(Path destination) {
        Instant start = clock.instant();
        Destination dest = new Destination(destination);
        try (Destination.Lock lock = dest.lock()) {
            Optional<Manifest> previous = previous(dest);
            String id = newId(dest, start);
            Path partial = dest.snapshots().resolve(id + ".partial");
            // SQLite and the audit verifier need local files: on a remote destination the
            // snapshot's own files are built here and uploaded before its name appears there.
            Path build = dest.local() ? partial : LocalCopy.tempDirectory(data.work(), "backup-" + id);
            Written written;
            try {
                written = write(dest, build, previous, id, start);
                if (!dest.local()) {
                    LocalCopy.upload(build, partial);
                }
            } finally {
                if (!dest.local()) {
                    Prune.deleteTree(build);
                }
            }
            Files.move(partial, dest.snapshot(id), StandardCopyOption.ATOMIC_MOVE);
            Fsync.directory(dest.snapshots());
            return new Outcome(
                    written.manifest(),
                    written.blobs().copied(),
                    written.blobs().bytesCopied(),
                    written.blobs().kept(),
                    Duration.between(start, clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup to " + destination + ": " + e.getMessage(), e);
        }
    }

    private record Written(Manifest manifest, Blobs blobs) {}

    /** The snapshot's own files in {@code build}, the blobs it needs at the destination, and its signed manifest. */
    private Written write(Destination dest, Path build, Optional<Manifest> previous, String id, Instant start)
            throws IOException {
        Fsync.createDirectories(build.resolve(AUDIT));
        int schema = Database.snapshot(data.database(), build.resolve(DATABASE));
        copyWholeLines(
                data.audit().resolve("checkpoints.jsonl"), build.resolve(AUDIT).resolve("checkpoints.jsonl"));
        copyWholeLines(data.audit().resolve("audit.jsonl"), build.resolve(AUDIT).resolve("audit.jsonl"));
        Files.copy(data.auditPublicKey(), build.resolve(AUDIT).resolve("audit-public.key"));
        AuditVerifier.Result audit = AuditVerifier.verify(build.resolve(AUDIT));
        if (!audit.ok()) {
            throw new BackupRefused(BackupRefused.Reason.AUDIT_BROKEN, "the data directory's log: " + audit.problem());
        }
        for (Path file : configuration) {
            Fsync.createDirectories(build.resolve(CONFIG));
            Files.copy(file, build.resolve(CONFIG).resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Blobs blobs = copyBlobs(dest, build.resolve(DATABASE), previous);
        Map<String, Manifest.Entry> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(build)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(build.relativize(f).toString(), new Manifest.Entry(Files.size(f), Sha256.of(f)));
                Fsync.file(f);
            }
        }
        Manifest manifest = new Manifest(
                id,
                OffsetDateTime.ofInstant(start, JST).toString(),
                ReleaseVersion.text(),
                previous.map(Manifest::snapshot).orElse(""),
                schema,
                audit.records(),
                audit.lastHash(),
                files,
                blobs.entries(),
                blobs.erased());
        byte[] json = manifest.toJson();
        Files.write(build.resolve(Destination.MANIFEST), json);
        Files.writeString(build.resolve(Destination.SIGNATURE), keys.signDocument(Manifest.SIGNED_AS, json) + "\n");
        Fsync.file(build.resolve(Destination.MANIFEST));
        Fsync.file(build.resolve(Destination.SIGNATURE));
        Fsync.directory(build);
        return new Written(manifest, blobs);
    }

    private static Optional<Manifest> previous(Destination dest) throws IOException {
        List<String> complete = dest.complete();
        if (complete.isEmpty()) {
            return Optional.empty();
        }
        Path dir = dest.snapshot(complete.get(complete.size() - 1));
        return Optional.of(Manifest.parse(Files.readAllBytes(dir.resolve(Destination.MANIFEST))));
    }

    private String newId(Destination dest, Instant now) {
        String id = ID.format(OffsetDateTime.ofInstant(now, JST));
        if (Files.exists(dest.snapshots().resolve(id))
                || Files.exists(dest.snapshots().resolve(id + ".partial"))) {
            byte[] suffix = new byte[2];
            random.nextBytes(suffix);
            id = id + "-" + HexFormat.of().formatHex(suffix);
        }
        return id;
    }

    private record Blobs(
            Map<String, Manifest.Entry> entries, List<String> erased, int copied, long bytesCopied, int kept) {}

    /**
     * Copies the blobs the database copy needs and the destination lacks. A blob the previous
     * snapshot recorded and the destination holds at that size is taken from its manifest unread.
     */
    private Blobs copyBlobs(Destination dest, Path database, Optional<Manifest> previous) throws IOException {
        Set<String> needed = new LinkedHashSet<>();
        Database.readFile(database, StoredCopies::in).forEach(c -> needed.add(c.blob()));
        Map<String, Manifest.Entry> entries = new LinkedHashMap<>();
        List<String> gone = new ArrayList<>();
        int kept = 0;
        long bytes = 0;
        Map<Path, String> copying = new LinkedHashMap<>();
        try (DurableCopies copies = new DurableCopies(dest.root().resolve("tmp"))) {
            for (String blob : needed) {
                BlobId id = new BlobId(blob);
                Path target = dest.blob(id);
                Manifest.Entry known = previous.map(m -> m.blobs().get(blob)).orElse(null);
                if (known != null && Files.exists(target) && Files.size(target) == known.size()) {
                    entries.put(blob, known);
                    kept++;
                } else if (Files.exists(target)) {
                    entries.put(blob, new Manifest.Entry(Files.size(target), Sha256.of(target)));
                    kept++;
                } else {
                    copies.submit(data.root().resolve(EncryptedFileBlobStore.relativePath(id)), target);
                    copying.put(target, blob);
                }
            }
            for (DurableCopies.Copied c : copies.finish()) {
                String blob = copying.get(c.target());
                if (c.sha256().isEmpty()) {
                    gone.add(blob);
                    continue;
                }
                long size = Files.size(c.target());
                entries.put(blob, new Manifest.Entry(size, c.sha256().get()));
                bytes += size;
            }
        }
        return new Blobs(entries, erasedMeanwhile(gone), copying.size() - gone.size(), bytes, kept);
    }

    /**
     * Blobs missing from the data directory are fine only if retention erased them after the
     * database was copied: the live database no longer needs them, or has claimed them for erasure.
     */
    private List<String> erasedMeanwhile(List<String> gone) {
        if (gone.isEmpty()) {
            return gone;
        }
        Set<String> stillNeeded = new LinkedHashSet<>();
        Database.readFile(data.database(), StoredCopies::in).forEach(c -> {
            if (!c.erasing()) {
                stillNeeded.add(c.blob());
            }
        });
        for (String blob : gone) {
            if (stillNeeded.contains(blob)) {
                throw new BackupRefused(BackupRefused.Reason.BLOB_GONE, blob);
            }
        }
        return gone;
    }

    /**
     * Copies a file the daemon appends to, up to its last complete line: a line being written
     * right now is left for the next snapshot.
     */
    private static void copyWholeLines(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            Files.createFile(to);
            return;
        }
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(
                        to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out);
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            long end = size;
            while (end > 0) {
                one.clear();
                out.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            out.truncate(end);
        }
    }
}
