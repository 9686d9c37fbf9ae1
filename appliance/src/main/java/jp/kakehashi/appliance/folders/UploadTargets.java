package jp.kakehashi.appliance.folders;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.pipeline.FileNames;
import jp.kakehashi.appliance.store.Tx;

/**
 * Where an upload to a folder goes: a new file, the next version of an existing one, or a
 * conflict with a version written since the uploader's base. {@link Folders} checks it before any
 * byte is stored and again in the transaction that records the version.
 */
final class UploadTargets {
    private final FolderStore store;
    private final FolderAccess access;

    UploadTargets(FolderStore store, FolderAccess access) {
        this.store = requireNonNull(store, "store");
        this.access = requireNonNull(access, "access");
    }

    /** Where an upload would go: a new file, the next version of one, or a conflict. */
    sealed interface Target {
        record NewFile() implements Target {}

        /** The next version of {@code file}, numbered {@code number}. */
        record Next(FolderFile file, int number, int basedOn) implements Target {}

        record Conflict(FolderFile file, FileVersion latest, String detail) implements Target {}
    }

    /** Works out an upload's target; throws for every refusal but a conflict, which is audited. */
    Target target(Tx tx, Account author, FolderRole role, long folder, String name, OptionalInt basedOn, Instant now) {
        Optional<FolderFile> existing = fileNamed(tx, folder, name);
        if (existing.isEmpty()) {
            if (basedOn.isPresent() && basedOn.getAsInt() != 0) {
                throw new FolderRefused(FolderRefused.Reason.NO_SUCH_FILE, name);
            }
            return new Target.NewFile();
        }
        FolderFile f = existing.get();
        if (!role.allows(FolderRole.EDITOR)) {
            throw new FolderRefused(FolderRefused.Reason.ROLE_TOO_LOW, role.japanese());
        }
        access.requireNotLockedByOther(tx, f.id(), author.name(), now);
        List<FileVersion> history = store.versions(tx, f.id());
        FileVersion last = history.get(history.size() - 1);
        if (basedOn.isEmpty()) {
            throw new FolderRefused(FolderRefused.Reason.EXISTS, f.name() + " #" + last.number());
        }
        Optional<FileVersion> base = liveBase(history);
        int expected = base.map(FileVersion::number).orElse(0);
        if (basedOn.getAsInt() != expected) {
            FileVersion newer = base.orElse(last);
            return new Target.Conflict(
                    f,
                    last,
                    "#" + basedOn.getAsInt() + " → #" + expected + " (" + newer.author() + ", "
                            + Folders.WHEN.format(newer.createdAt()) + ")");
        }
        return new Target.Next(f, last.number() + 1, expected);
    }

    /** The version a new one must be based on: the newest that is not {@link FileVersion#dead}. */
    static Optional<FileVersion> liveBase(List<FileVersion> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (!history.get(i).dead()) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The file an upload of {@code name} belongs to: the file of that name, or else the file one
     * of whose versions was handed out under that name (a disarmed 見積書.docm is read as
     * 見積書.docx, and saving it back must make a new version of 見積書.docm, not a second file).
     */
    Optional<FolderFile> fileNamed(Tx tx, long folder, String name) {
        String key = FileNames.key(name);
        Optional<FolderFile> exact = store.fileWithKey(tx, folder, key);
        if (exact.isPresent()) {
            return exact;
        }
        return store.handedOut(tx, folder).stream()
                .filter(h -> FileNames.key(h.name()).equals(key))
                .map(FolderStore.HandedOut::file)
                .findFirst();
    }
}
