package jp.kakehashi.appliance.folders;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Zone;

/**
 * Where folders, their members, files, versions, reads and check-out locks are kept: the port
 * {@link Folders} works through. It stores and finds; it decides nothing (who may, conflicts, lock
 * expiry and audit are {@link Folders}'). Every call runs inside the caller's {@link Tx}.
 *
 * <p>Names are compared as {@link jp.kakehashi.appliance.pipeline.FileNames#key} (case and width
 * folded), which the caller computes and hands in beside the name. Lists are in a stable order, as
 * each method says. {@code FolderStoreContract} is what every adapter must pass.
 */
public interface FolderStore {
    /** A folder about to be created; its id is the store's to give. */
    record NewFolder(String name, String nameKey, String purpose, String department, String createdBy, Instant at) {}

    /** A version about to be recorded; the state of its item is the item store's, read back with it. */
    record NewVersion(
            long file,
            int number,
            String item,
            Zone zone,
            String author,
            int basedOn,
            Optional<Integer> restoredFrom,
            Instant at) {}

    Folder insertFolder(Tx tx, NewFolder folder);

    Optional<Folder> folder(Tx tx, long id);

    Optional<Folder> folderWithKey(Tx tx, String nameKey);

    /** Every folder, by name key. */
    List<Folder> folders(Tx tx);

    /** Every member of a folder, ended or not, by kind then name. */
    List<Member> members(Tx tx, long folder);

    /** Adds the member, replacing any of the same kind and name in that folder. */
    void putMember(Tx tx, Member member, String addedBy, Instant at);

    /** Removes the member; false when there was none. */
    boolean removeMember(Tx tx, long folder, Member.Kind kind, String who);

    FolderFile insertFile(Tx tx, long folder, String name, String nameKey, Instant at);

    Optional<FolderFile> file(Tx tx, long id);

    Optional<FolderFile> fileWithKey(Tx tx, long folder, String nameKey);

    /** The files of a folder, by name key. */
    List<FolderFile> files(Tx tx, long folder);

    /**
     * The files of a folder paired with the names their versions were handed out under (a
     * rendition's name differs when disarm changed the type: 見積書.docm read as 見積書.docx), by
     * file id.
     */
    List<HandedOut> handedOut(Tx tx, long folder);

    /** A file and one name one of its versions was handed out under. */
    record HandedOut(FolderFile file, String name) {}

    void insertVersion(Tx tx, NewVersion version);

    /** Every version of a file, oldest first, each with its item's state now. */
    List<FileVersion> versions(Tx tx, long file);

    /** The files whose history holds {@code item}. */
    Set<Long> filesHolding(Tx tx, String item);

    /** The highest version number {@code account} fetched of the file, if any. */
    OptionalInt lastRead(Tx tx, long file, String account);

    /** Remembers a fetch; a lower number than one recorded before leaves the higher one. */
    void recordRead(Tx tx, long file, String account, int number, Instant at);

    /** The lock recorded on a file, whether or not it has run out. */
    Optional<FileLock> lock(Tx tx, long file);

    /** Records the lock, replacing any on the same file. */
    void putLock(Tx tx, FileLock lock);

    void removeLock(Tx tx, long file);
}
