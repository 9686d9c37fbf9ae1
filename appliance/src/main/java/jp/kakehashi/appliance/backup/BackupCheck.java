package jp.kakehashi.appliance.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.Sha256;
import jp.kakehashi.appliance.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * Checks one snapshot at a destination: the manifest's signature, every file and blob against it
 * (and, given the master key, each blob's authenticated decryption), the database's integrity, the
 * audit chain, and that the chain extends the previous snapshot's. Every problem is reported, not
 * only the first, each with its reason.
 */
public final class BackupCheck {

    /** The public key that must have signed the manifest, and where it came from (shown to the operator). */
    public record TrustedKey(String publicKey, String source) {}

    public record Problem(BackupRefused.Reason reason, String detail) {
        public String text() {
            return reason.japanese() + " / " + reason.english() + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /**
     * @param manifest null when it could not be read or trusted
     * @param decrypted whether each blob was also decrypted (the master key was given)
     */
    public record Report(
            String snapshot, @Nullable Manifest manifest, List<Problem> problems, int blobsChecked, boolean decrypted) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Destination dest;
    private final TrustedKey trusted;
    private final Optional<MasterKey> masterKey;

    public BackupCheck(Path destination, TrustedKey trusted, Optional<MasterKey> masterKey) {
        this.dest = new Destination(destination);
        this.trusted = trusted;
        this.masterKey = masterKey;
    }

    /** The newest complete snapshot's id at a destination. */
    public static String latest(Path destination) {
        return new Destination(destination).latest();
    }

    public Report verify(String snapshot) {
        Path snapshotDir = dest.snapshot(snapshot).toAbsolutePath().normalize();
        if (dest.local()) {
            return verify(snapshot, snapshotDir);
        }
        // SQLite and the audit verifier read local files: a remote snapshot is checked from a copy.
        Path copy = null;
        try {
            copy = LocalCopy.tempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kakehashi-verify");
            if (Files.isDirectory(snapshotDir)) {
                LocalCopy.download(snapshotDir, copy.resolve(snapshot));
            }
            return verify(snapshot, copy.resolve(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read snapshot " + snapshot + ": " + e.getMessage(), e);
        } finally {
            if (copy != null) {
                try {
                    Prune.deleteTree(copy);
                } catch (IOException e) {
                    // Only a copy of the snapshot's database and log is left in the temporary folder.
                }
            }
        }
    }

    private Report verify(String snapshot, Path dir) {
        List<Problem> problems = new ArrayList<>();
        Manifest manifest = trustedManifest(dir, snapshot, problems);
        if (manifest == null) {
            return new Report(snapshot, null, problems, 0, false);
        }
        checkFiles(dir, manifest, problems);
        Path database = dir.resolve(Backup.DATABASE);
        if (Files.exists(database) && problems.isEmpty()) {
            checkDatabase(database, manifest, problems);
        }
        checkAudit(dir, manifest, problems);
        int blobs = checkBlobs(manifest, problems);
        return new Report(snapshot, manifest, problems, blobs, masterKey.isPresent());
    }

    /** The manifest, if it is there, parses, and carries the trusted key's signature. */
    private @Nullable Manifest trustedManifest(Path dir, String snapshot, List<Problem> problems) {
        if (!Files.exists(dir.resolve(Destination.SIGNATURE))) {
            problems.add(new Problem(BackupRefused.Reason.NO_SUCH_SNAPSHOT, snapshot));
            return null;
        }
        try {
            byte[] json = Files.readAllBytes(dir.resolve(Destination.MANIFEST));
            String signature = Files.readString(dir.resolve(Destination.SIGNATURE), StandardCharsets.US_ASCII);
            if (!AuditKeys.verifyDocument(trusted.publicKey(), Manifest.SIGNED_AS, json, signature)) {
                problems.add(new Problem(BackupRefused.Reason.MANIFEST_TAMPERED, "checked with " + trusted.source()));
                return null;
            }
            Manifest m = Manifest.parse(json);
            if (!m.snapshot().equals(snapshot)) {
                problems.add(new Problem(
                        BackupRefused.Reason.MANIFEST_TAMPERED,
                        "it describes snapshot " + m.snapshot() + ", not " + snapshot));
                return null;
            }
            return m;
        } catch (IOException e) {
            problems.add(new Problem(BackupRefused.Reason.MANIFEST_TAMPERED, String.valueOf(e.getMessage())));
            return null;
        }
    }

    private static void checkFiles(Path dir, Manifest manifest, List<Problem> problems) {
        for (Map.Entry<String, Manifest.Entry> e : manifest.files().entrySet()) {
            Path file = dir.resolve(e.getKey()).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                problems.add(new Problem(BackupRefused.Reason.FILE_MISSING, e.getKey()));
                continue;
            }
            try {
                if (Files.size(file) != e.getValue().size()
                        || !Sha256.of(file).equals(e.getValue().sha256())) {
                    problems.add(new Problem(BackupRefused.Reason.FILE_DAMAGED, e.getKey()));
                }
            } catch (IOException ex) {
                problems.add(new Problem(BackupRefused.Reason.FILE_DAMAGED, e.getKey() + ": " + ex.getMessage()));
            }
        }
    }

    /** Integrity, the master key's check value, and that the manifest lists every blob the database needs. */
    private void checkDatabase(Path database, Manifest manifest, List<Problem> problems) {
        try {
            String integrity = Database.integrityCheck(database);
            if (!"ok".equals(integrity)) {
                problems.add(new Problem(BackupRefused.Reason.DATABASE_DAMAGED, integrity));
                return;
            }
            if (masterKey.isPresent() && !masterKey.get().matches(Database.readFile(database, MasterKey::recordedIn))) {
                problems.add(new Problem(BackupRefused.Reason.KEY_MISMATCH, ""));
            }
            for (StoredCopies.StoredCopy c : Database.readFile(database, StoredCopies::in)) {
                if (!manifest.blobs().containsKey(c.blob())
                        && !manifest.erased().contains(c.blob())) {
                    problems.add(new Problem(BackupRefused.Reason.BLOB_MISSING, c.blob() + " is not in the manifest"));
                }
            }
        } catch (StoreException e) {
            problems.add(new Problem(BackupRefused.Reason.DATABASE_DAMAGED, String.valueOf(e.getMessage())));
        }
    }

    private void checkAudit(Path dir, Manifest manifest, List<Problem> problems) {
        AuditVerifier.Result audit = AuditVerifier.verify(dir.resolve(Backup.AUDIT));
        if (!audit.ok()) {
            problems.add(new Problem(BackupRefused.Reason.AUDIT_BROKEN, audit.problem()));
            return;
        }
        if (audit.records() != manifest.auditRecords() || !audit.lastHash().equals(manifest.auditHead())) {
            problems.add(new Problem(
                    BackupRefused.Reason.AUDIT_BROKEN,
                    "the log ends at record " + audit.records() + ", the manifest at " + manifest.auditRecords()));
            return;
        }
        if (manifest.previous().isEmpty() || !dest.complete().contains(manifest.previous())) {
            // The first snapshot, or the one before was pruned: nothing to compare with.
            return;
        }
        try {
            Path before = dest.snapshot(manifest.previous());
            byte[] json = Files.readAllBytes(before.resolve(Destination.MANIFEST));
            String signature = Files.readString(before.resolve(Destination.SIGNATURE), StandardCharsets.US_ASCII);
            if (!AuditKeys.verifyDocument(trusted.publicKey(), Manifest.SIGNED_AS, json, signature)) {
                problems.add(new Problem(
                        BackupRefused.Reason.AUDIT_DOES_NOT_EXTEND,
                        "the previous manifest's signature does not verify"));
                return;
            }
            Manifest previous = Manifest.parse(json);
            if (previous.auditRecords() > 0
                    && !previous.auditHead().equals(hashOfRecord(dir.resolve(Backup.AUDIT), previous.auditRecords()))) {
                problems.add(new Problem(
                        BackupRefused.Reason.AUDIT_DOES_NOT_EXTEND,
                        "record " + previous.auditRecords() + " differs from snapshot " + previous.snapshot() + "'s"));
            }
        } catch (IOException e) {
            problems.add(new Problem(BackupRefused.Reason.AUDIT_DOES_NOT_EXTEND, String.valueOf(e.getMessage())));
        }
    }

    /** The hash of record {@code seq} of a log (lines start {@code {"hash":"<64 hex>"}), or "" past its end. */
    private static String hashOfRecord(Path auditDir, long seq) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(auditDir.resolve("audit.jsonl"), StandardCharsets.UTF_8)) {
            String line = null;
            for (long i = 0; i < seq; i++) {
                line = r.readLine();
                if (line == null) {
                    return "";
                }
            }
            return line == null || line.length() < 73 ? "" : line.substring(9, 73);
        }
    }

    private int checkBlobs(Manifest manifest, List<Problem> problems) {
        EncryptedFileBlobStore store = masterKey
                .map(k -> new EncryptedFileBlobStore(dest.root(), k, new SecureRandom()))
                .orElse(null);
        int checked = 0;
        for (Map.Entry<String, Manifest.Entry> e : manifest.blobs().entrySet()) {
            BlobId id = new BlobId(e.getKey());
            Path file = dest.blob(id);
            checked++;
            if (!Files.isRegularFile(file)) {
                problems.add(new Problem(BackupRefused.Reason.BLOB_MISSING, id.value()));
                continue;
            }
            try {
                if (Files.size(file) != e.getValue().size()
                        || !Sha256.of(file).equals(e.getValue().sha256())) {
                    problems.add(new Problem(BackupRefused.Reason.BLOB_DAMAGED, id.value()));
                    continue;
                }
                if (store != null) {
                    try (InputStream in = store.open(id)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
            } catch (IOException | UncheckedIOException | StoreException ex) {
                problems.add(new Problem(BackupRefused.Reason.BLOB_DAMAGED, id.value() + ": " + ex.getMessage()));
            }
        }
        return checked;
    }
}
