package jp.kakehashi.appliance.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import jp.kakehashi.appliance.folders.FileLock;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderFile;
import jp.kakehashi.appliance.folders.FolderRole;
import jp.kakehashi.appliance.folders.FolderStore;
import jp.kakehashi.appliance.folders.Member;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Zone;

/** {@link FolderStore} over the {@code folders}, {@code folder_*}, {@code file_*} tables. */
public final class JdbcFolderStore implements FolderStore {
    @Override
    public Folder insertFolder(Tx tx, NewFolder f) {
        long id = Sql.insert(
                        tx,
                        "INSERT INTO folders (name, name_key, purpose, department, created_by, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        f.name(),
                        f.nameKey(),
                        f.purpose(),
                        f.department(),
                        f.createdBy(),
                        f.at())
                .orElseThrow();
        return new Folder(id, f.name(), f.purpose(), f.department(), f.createdBy(), f.at());
    }

    @Override
    public Optional<Folder> folder(Tx tx, long id) {
        return Sql.one(tx, "SELECT * FROM folders WHERE id = ?", JdbcFolderStore::folder, id);
    }

    @Override
    public Optional<Folder> folderWithKey(Tx tx, String nameKey) {
        return Sql.one(tx, "SELECT * FROM folders WHERE name_key = ?", JdbcFolderStore::folder, nameKey);
    }

    @Override
    public List<Folder> folders(Tx tx) {
        return Sql.list(tx, "SELECT * FROM folders ORDER BY name_key, id", JdbcFolderStore::folder);
    }

    @Override
    public List<Member> members(Tx tx, long folder) {
        return Sql.list(
                tx,
                "SELECT * FROM folder_members WHERE folder = ? ORDER BY kind, who",
                rs -> {
                    String until = rs.getString("until");
                    return new Member(
                            folder,
                            Member.Kind.valueOf(rs.getString("kind")),
                            rs.getString("who"),
                            FolderRole.valueOf(rs.getString("role")),
                            until == null ? Optional.empty() : Optional.of(Instant.parse(until)));
                },
                folder);
    }

    @Override
    public void putMember(Tx tx, Member m, String addedBy, Instant at) {
        removeMember(tx, m.folder(), m.kind(), m.who());
        Sql.update(
                tx,
                "INSERT INTO folder_members (folder, kind, who, role, until, added_by, added_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                m.folder(),
                m.kind().name(),
                m.who(),
                m.role().name(),
                m.until(),
                addedBy,
                at);
    }

    @Override
    public boolean removeMember(Tx tx, long folder, Member.Kind kind, String who) {
        return Sql.update(
                        tx,
                        "DELETE FROM folder_members WHERE folder = ? AND kind = ? AND who = ?",
                        folder,
                        kind.name(),
                        who)
                > 0;
    }

    @Override
    public FolderFile insertFile(Tx tx, long folder, String name, String nameKey, Instant at) {
        long id = Sql.insert(
                        tx,
                        "INSERT INTO folder_files (folder, name, name_key, created_at) VALUES (?, ?, ?, ?)",
                        folder,
                        name,
                        nameKey,
                        at)
                .orElseThrow();
        return new FolderFile(id, folder, name, at);
    }

    @Override
    public Optional<FolderFile> file(Tx tx, long id) {
        return Sql.one(tx, "SELECT * FROM folder_files WHERE id = ?", JdbcFolderStore::file, id);
    }

    @Override
    public Optional<FolderFile> fileWithKey(Tx tx, long folder, String nameKey) {
        return Sql.one(
                tx,
                "SELECT * FROM folder_files WHERE folder = ? AND name_key = ?",
                JdbcFolderStore::file,
                folder,
                nameKey);
    }

    @Override
    public List<FolderFile> files(Tx tx, long folder) {
        return Sql.list(
                tx, "SELECT * FROM folder_files WHERE folder = ? ORDER BY name_key, id", JdbcFolderStore::file, folder);
    }

    @Override
    public List<HandedOut> handedOut(Tx tx, long folder) {
        return Sql.list(
                tx,
                "SELECT DISTINCT f.*, i.rendition_name FROM folder_files f"
                        + " JOIN file_versions v ON v.file = f.id JOIN items i ON i.id = v.item"
                        + " WHERE f.folder = ? AND i.rendition_name IS NOT NULL ORDER BY f.id",
                rs -> new HandedOut(file(rs), rs.getString("rendition_name")),
                folder);
    }

    @Override
    public void insertVersion(Tx tx, NewVersion v) {
        Sql.update(
                tx,
                "INSERT INTO file_versions (file, number, item, zone, author, based_on, restored_from, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                v.file(),
                v.number(),
                v.item(),
                v.zone().word(),
                v.author(),
                v.basedOn(),
                v.restoredFrom(),
                v.at());
    }

    @Override
    public List<FileVersion> versions(Tx tx, long file) {
        return Sql.list(
                tx,
                "SELECT v.*, i.state AS item_state FROM file_versions v"
                        + " JOIN items i ON i.id = v.item WHERE v.file = ? ORDER BY v.number",
                rs -> {
                    int restored = rs.getInt("restored_from");
                    Optional<Integer> restoredFrom = rs.wasNull() ? Optional.empty() : Optional.of(restored);
                    return new FileVersion(
                            file,
                            rs.getInt("number"),
                            rs.getString("item"),
                            Zone.parse(rs.getString("zone")),
                            rs.getString("author"),
                            rs.getInt("based_on"),
                            restoredFrom,
                            Instant.parse(rs.getString("created_at")),
                            rs.getString("item_state"));
                },
                file);
    }

    @Override
    public Set<Long> filesHolding(Tx tx, String item) {
        return new TreeSet<>(
                Sql.list(tx, "SELECT DISTINCT file FROM file_versions WHERE item = ?", rs -> rs.getLong(1), item));
    }

    @Override
    public OptionalInt lastRead(Tx tx, long file, String account) {
        return Sql.one(
                        tx,
                        "SELECT number FROM folder_reads WHERE file = ? AND account = ?",
                        rs -> rs.getInt(1),
                        file,
                        account)
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    @Override
    public void recordRead(Tx tx, long file, String account, int number, Instant at) {
        // CASE rather than SQLite's two-argument max(), which PostgreSQL spells GREATEST.
        Sql.update(
                tx,
                "INSERT INTO folder_reads (file, account, number, read_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (file, account) DO UPDATE SET number = CASE"
                        + " WHEN excluded.number > folder_reads.number THEN excluded.number"
                        + " ELSE folder_reads.number END, read_at = excluded.read_at",
                file,
                account,
                number,
                at);
    }

    @Override
    public Optional<FileLock> lock(Tx tx, long file) {
        return Sql.one(
                tx,
                "SELECT holder, until, taken_at FROM file_locks WHERE file = ?",
                rs -> new FileLock(
                        file,
                        rs.getString("holder"),
                        Instant.parse(rs.getString("until")),
                        Instant.parse(rs.getString("taken_at"))),
                file);
    }

    @Override
    public void putLock(Tx tx, FileLock lock) {
        Sql.update(
                tx,
                "INSERT INTO file_locks (file, holder, until, taken_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (file) DO UPDATE SET holder = excluded.holder, until = excluded.until,"
                        + " taken_at = excluded.taken_at",
                lock.file(),
                lock.holder(),
                lock.until(),
                lock.takenAt());
    }

    @Override
    public void removeLock(Tx tx, long file) {
        Sql.update(tx, "DELETE FROM file_locks WHERE file = ?", file);
    }

    private static Folder folder(ResultSet rs) throws SQLException {
        return new Folder(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("purpose"),
                rs.getString("department"),
                rs.getString("created_by"),
                Instant.parse(rs.getString("created_at")));
    }

    private static FolderFile file(ResultSet rs) throws SQLException {
        return new FolderFile(
                rs.getLong("id"),
                rs.getLong("folder"),
                rs.getString("name"),
                Instant.parse(rs.getString("created_at")));
    }
}
