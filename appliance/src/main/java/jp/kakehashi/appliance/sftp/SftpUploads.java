package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderRefused;
import jp.kakehashi.appliance.folders.FolderUploads;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.pipeline.FileNames;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.DiskFull;
import jp.kakehashi.appliance.transfer.Drop;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.Escape;

/**
 * One session's writes into the account's virtual tree ({@link SftpView} says where it may
 * write): a new file in a drop folder or a shared folder, the rest of the account's own
 * interrupted upload, and the rename that delivers a file sent under a temporary name. Every
 * refusal is audited and carries its reason in Japanese and English.
 */
final class SftpUploads {
    private final SftpView view;
    private final Account account;
    private final SftpBackend backend;

    SftpUploads(SftpView view, SftpBackend backend) {
        this.view = view;
        this.account = view.account();
        this.backend = backend;
    }

    /**
     * Opens an upload: a new one, or with {@code restart} false the owner's own interrupted
     * upload of that name, to append the rest where it stopped. A name ending in a temporary
     * suffix ({@code .filepart}, {@code .part}, {@code .tmp}) is delivered only when renamed to the
     * name without it ({@link #rename}).
     */
    UploadChannel openUpload(List<String> parent, String rawName, boolean restart) throws IOException {
        boolean folder = parent.size() == 2 && parent.get(0).equals(SftpView.SHARED) && account.zone() != Zone.MYNUMBER;
        Optional<Drop> drop = folder ? Optional.empty() : view.drop(parent);
        if (!folder && drop.isEmpty()) {
            throw new AccessDeniedException(
                    "/" + String.join("/", parent), null, "uploads are not allowed here (ここにはアップロードできません)");
        }
        if (folder && view.memberFolder(parent.get(1)).isEmpty()) {
            // A member removed since the upload began may not go on with it either.
            throw SftpView.missing(parent);
        }
        String name = canonical(rawName);
        PartialUploads partials = backend.partials();
        Optional<PartialUpload> earlier = partials.find(account.name(), parent, name);
        if (earlier.isPresent() && !restart) {
            return resume(earlier.get());
        }
        String target = PartialUploads.finalName(name).orElse(name);
        UploadChannel.Sink sink = folder ? folderSink(parent, rawName, target) : dropSink(drop.orElseThrow(), target);
        PartialUpload upload =
                new PartialUpload(account.name(), account.zone().word(), parent, name, target, sink, partials.now());
        Optional<PartialUpload> replaced;
        try {
            replaced = partials.start(upload);
        } catch (PartialUploads.TooManyPartials e) {
            sink.abort();
            audit(
                    AuditType.UPLOAD_REFUSED,
                    Map.of("reason", PartialUploads.TooManyPartials.CODE, "name", name, "protocol", "sftp"));
            throw new FileSystemException(name, null, e.getMessage());
        }
        if (replaced.isPresent()) {
            replaced.get().sink().abort();
            aborted(replaced.get().name(), "STARTED_OVER");
        }
        return new UploadChannel(sink, ending(upload));
    }

    /** Reopens the owner's kept upload to append to it; refused while another session still writes it. */
    private UploadChannel resume(PartialUpload upload) throws IOException {
        String path = "/" + String.join("/", upload.folder()) + "/" + upload.name();
        if (!upload.take()) {
            throw new AccessDeniedException(
                    path,
                    null,
                    "UPLOAD_IN_PROGRESS: 別の接続がまだこのファイルを書き込んでいます。少し待ってから再開してください"
                            + " / another connection is still writing this file; resume in a moment");
        }
        audit(
                AuditType.UPLOAD_RESUMED,
                Map.of("name", upload.name(), "offset", String.valueOf(upload.size()), "protocol", "sftp"));
        return new UploadChannel(upload.sink(), ending(upload));
    }

    /** What each way a handle ends does to the kept upload. */
    private UploadChannel.Ending ending(PartialUpload upload) {
        PartialUploads partials = backend.partials();
        return new UploadChannel.Ending() {
            @Override
            public void completed() throws IOException {
                if (upload.detached()) {
                    if (!upload.temporary()) {
                        upload.sink().commit();
                        return;
                    }
                    upload.sink().abort();
                    aborted(upload.name(), "STARTED_OVER");
                } else if (upload.temporary()) {
                    // Delivered by the rename that follows; until then its owner may still resume it.
                    upload.release();
                } else {
                    partials.remove(upload);
                    upload.sink().commit();
                }
            }

            @Override
            public void interrupted() throws IOException {
                if (upload.detached()) {
                    upload.sink().abort();
                    aborted(upload.name(), "");
                    return;
                }
                // No checkpoint here: MINA may close a dropped session's handles on an interrupted
                // thread, and forcing a FileChannel there would close it and lose the partial.
                upload.release();
                audit(
                        AuditType.UPLOAD_INTERRUPTED,
                        Map.of("name", upload.name(), "bytes", String.valueOf(upload.size()), "protocol", "sftp"));
            }

            @Override
            public void failed(String reason) throws IOException {
                partials.remove(upload);
                upload.sink().abort();
                aborted(upload.name(), reason);
            }

            @Override
            public void wrote() {
                upload.wrote(partials.now());
            }
        };
    }

    /**
     * Delivers the owner's upload kept under a temporary name: {@code 図面.dwg.filepart} renamed to
     * {@code 図面.dwg} in the same folder enters the pipeline (or becomes a folder version) as
     * {@code 図面.dwg}. Every other rename is refused.
     */
    void rename(List<String> from, List<String> to) throws IOException {
        String path = "/" + String.join("/", from);
        AccessDeniedException refused = new AccessDeniedException(
                path,
                "/" + String.join("/", to),
                "RENAME_NOT_ALLOWED: 名前の変更は、一時ファイル名（.filepart など）で送ったファイルを同じフォルダーで本来の名前にする場合だけできます"
                        + " / only a file sent under a temporary name (.filepart, .part, .tmp) can be renamed, to its own name in the same folder");
        if (from.size() < 2
                || to.size() != from.size()
                || !from.subList(0, from.size() - 1).equals(to.subList(0, to.size() - 1))) {
            throw refused;
        }
        List<String> parent = from.subList(0, from.size() - 1);
        PartialUpload upload = backend.partials()
                .find(account.name(), parent, canonical(from.get(from.size() - 1)))
                .orElseThrow(() -> refused);
        String target = canonical(to.get(to.size() - 1));
        if (!upload.temporary() || !target.equals(upload.finalName())) {
            throw refused;
        }
        if (!upload.take()) {
            throw new AccessDeniedException(
                    path, null, "UPLOAD_IN_PROGRESS: このファイルはまだ書き込み中です / this file is still being written");
        }
        backend.partials().remove(upload);
        upload.sink().commit();
    }

    /** A new transfer item through a drop folder. */
    private UploadChannel.Sink dropSink(Drop drop, String name) throws IOException {
        BlobStore.BlobWriter writer;
        try {
            writer = backend.blobs().create();
        } catch (DiskFull full) {
            throw diskFull(name, full);
        }
        return UploadChannel.toPipeline(
                writer,
                blob -> backend.pipeline()
                        .receive(drop, account.name(), account.zone().word(), name, blob));
    }

    /**
     * A new version in a shared folder, based on the newest version the writer has seen. Refused
     * at once when that is already stale, and again at the end if someone got there first.
     */
    private UploadChannel.Sink folderSink(List<String> parent, String rawName, String name) throws IOException {
        String path = "/" + String.join("/", parent) + "/" + Escape.forReport(rawName);
        Folder folder = view.memberFolder(parent.get(1)).orElseThrow(() -> SftpView.missing(parent));
        FolderUploads.Pending pending;
        try {
            pending = backend.folderUploads()
                    .begin(
                            account.name(),
                            folder.id(),
                            name,
                            backend.folders().basisFor(account.name(), folder.id(), name));
        } catch (FolderRefused r) {
            throw refused(path, name, r);
        } catch (DiskFull full) {
            throw diskFull(name, full);
        }
        return new UploadChannel.Sink() {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                pending.write(bytes, offset, length);
            }

            @Override
            public long written() {
                return pending.written();
            }

            @Override
            public void commit() throws IOException {
                try {
                    pending.commit();
                } catch (FolderRefused r) {
                    throw refused(path, name, r);
                }
            }

            @Override
            public void abort() throws IOException {
                pending.close();
            }
        };
    }

    /** Records what this account's session did with an upload (never tied to an item yet). */
    private void audit(AuditType type, Map<String, String> data) {
        backend.audit()
                .append(new AuditEvent(type, account.name(), account.zone().word(), "", data));
    }

    /** Refuses an upload when the data disk is down to its reserve (audited, in both languages). */
    private FileSystemException diskFull(String name, DiskFull full) {
        audit(AuditType.UPLOAD_REFUSED, Map.of("reason", DiskFull.CODE, "name", name, "protocol", "sftp"));
        return new FileSystemException(name, null, DiskFull.CODE + ": " + full.japanese() + " / " + full.english());
    }

    /** Audits a refused folder upload and gives the client the reason in both languages. */
    private AccessDeniedException refused(String path, String name, FolderRefused r) {
        audit(AuditType.UPLOAD_REFUSED, Map.of("reason", r.reason().name(), "name", name, "protocol", "sftp"));
        return new AccessDeniedException(path, null, r.reason().name() + ": " + r.getMessage());
    }

    private void aborted(String name, String reason) {
        audit(
                AuditType.UPLOAD_ABORTED,
                reason.isEmpty() ? Map.of("name", name) : Map.of("name", name, "reason", reason));
    }

    /** The canonical form of an uploaded name, or the refusal (audited) the client is shown. */
    private String canonical(String rawName) throws FileSystemException {
        return switch (FileNames.canonical(rawName)) {
            case FileNames.Result.Valid v -> v.name();
            case FileNames.Result.Invalid invalid -> {
                audit(AuditType.UPLOAD_REFUSED, Map.of("reason", invalid.code(), "name", Escape.forReport(rawName)));
                throw new FileSystemException(
                        Escape.forReport(rawName), null, invalid.code() + ": " + invalid.ja() + " / " + invalid.en());
            }
        };
    }
}
