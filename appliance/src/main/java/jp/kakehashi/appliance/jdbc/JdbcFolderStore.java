package jp.kakehashi.appliance.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.JdbcTx;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Zone;

/** {@link FolderStore} over the {@code folders}, {@code folder_*}, {@code file_*} tables. */
public final class JdbcFolderStore implements FolderStore {
    @Override
    public Folder insertFolder(Tx tx, NewFolder f) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO folders (name, name_key, purpose, department, created_by, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                s.setString(1, f.name());
                s.setString(2, f.nameKey());
                s.setString(3, f.purpose());
                s.setString(4, f.department());
                s.setString(5, f.createdBy());
                s.setString(6, f.at().toString());
                s.executeUpdate();
                return new Folder(Keys.generated(s), f.name(), f.purpose(), f.department(), f.createdBy(), f.at());
            }
        });
    }

    @Override
    public Optional<Folder> folder(Tx tx, long id) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM folders WHERE id = ?")) {
                s.setLong(1, id);
                return first(Database.rows(s, JdbcFolderStore::folder));
            }
        });
    }

    @Override
    public Optional<Folder> folderWithKey(Tx tx, String nameKey) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM folders WHERE name_key = ?")) {
                s.setString(1, nameKey);
                return first(Database.rows(s, JdbcFolderStore::folder));
            }
        });
    }

    @Override
    public List<Folder> folders(Tx tx) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM folders ORDER BY name_key, id")) {
                return Database.rows(s, JdbcFolderStore::folder);
            }
        });
    }

    @Override
    public List<Member> members(Tx tx, long folder) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT * FROM folder_members WHERE folder = ? ORDER BY kind, who")) {
                s.setLong(1, folder);
                return Database.rows(s, rs -> {
                    String until = rs.getString("until");
                    return new Member(
                            folder,
                            Member.Kind.valueOf(rs.getString("kind")),
                            rs.getString("who"),
                            FolderRole.valueOf(rs.getString("role")),
                            until == null ? Optional.empty() : Optional.of(Instant.parse(until)));
                });
            }
        });
    }

    @Override
    public void putMember(Tx tx, Member m, String addedBy, Instant at) {
        JdbcTx.call(tx, c -> {
            removeMember(tx, m.folder(), m.kind(), m.who());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO folder_members"
                    + " (folder, kind, who, role, until, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, m.folder());
                s.setString(2, m.kind().name());
                s.setString(3, m.who());
                s.setString(4, m.role().name());
                s.setString(5, m.until().map(Instant::toString).orElse(null));
                s.setString(6, addedBy);
                s.setString(7, at.toString());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean removeMember(Tx tx, long folder, Member.Kind kind, String who) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM folder_members WHERE folder = ? AND kind = ? AND who = ?")) {
                s.setLong(1, folder);
                s.setString(2, kind.name());
                s.setString(3, who);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public FolderFile insertFile(Tx tx, long folder, String name, String nameKey, Instant at) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO folder_files (folder, name, name_key, created_at) VALUES (?, ?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                s.setLong(1, folder);
                s.setString(2, name);
                s.setString(3, nameKey);
                s.setString(4, at.toString());
                s.executeUpdate();
                return new FolderFile(Keys.generated(s), folder, name, at);
            }
        });
    }

    @Override
    public Optional<FolderFile> file(Tx tx, long id) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM folder_files WHERE id = ?")) {
                s.setLong(1, id);
                return first(Database.rows(s, JdbcFolderStore::file));
            }
        });
    }

    @Override
    public Optional<FolderFile> fileWithKey(Tx tx, long folder, String nameKey) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT * FROM folder_files WHERE folder = ? AND name_key = ?")) {
                s.setLong(1, folder);
                s.setString(2, nameKey);
                return first(Database.rows(s, JdbcFolderStore::file));
            }
        });
    }

    @Override
    public List<FolderFile> files(Tx tx, long folder) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT * FROM folder_files WHERE folder = ? ORDER BY name_key, id")) {
                s.setLong(1, folder);
                return Database.rows(s, JdbcFolderStore::file);
            }
        });
    }

    @Override
    public List<HandedOut> handedOut(Tx tx, long folder) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT f.*, i.rendition_name FROM folder_files f"
                    + " JOIN file_versions v ON v.file = f.id JOIN items i ON i.id = v.item"
                    + " WHERE f.folder = ? AND i.rendition_name IS NOT NULL ORDER BY f.id")) {
                s.setLong(1, folder);
                return Database.rows(s, rs -> new HandedOut(file(rs), rs.getString("rendition_name")));
            }
        });
    }

    @Override
    public void insertVersion(Tx tx, NewVersion v) {
        JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO file_versions"
                    + " (file, number, item, zone, author, based_on, restored_from, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, v.file());
                s.setInt(2, v.number());
                s.setString(3, v.item());
                s.setString(4, v.zone().word());
                s.setString(5, v.author());
                s.setInt(6, v.basedOn());
                if (v.restoredFrom().isPresent()) {
                    s.setInt(7, v.restoredFrom().get());
                } else {
                    s.setNull(7, Types.INTEGER);
                }
                s.setString(8, v.at().toString());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<FileVersion> versions(Tx tx, long file) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT v.*, i.state AS item_state FROM file_versions v"
                    + " JOIN items i ON i.id = v.item WHERE v.file = ? ORDER BY v.number")) {
                s.setLong(1, file);
                return Database.rows(s, rs -> {
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
                });
            }
        });
    }

    @Override
    public Set<Long> filesHolding(Tx tx, String item) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT file FROM file_versions WHERE item = ?")) {
                s.setString(1, item);
                return new TreeSet<>(Database.rows(s, rs -> rs.getLong(1)));
            }
        });
    }

    @Override
    public OptionalInt lastRead(Tx tx, long file, String account) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT number FROM folder_reads WHERE file = ? AND account = ?")) {
                s.setLong(1, file);
                s.setString(2, account);
                ResultSet rs = s.executeQuery();
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        });
    }

    @Override
    public void recordRead(Tx tx, long file, String account, int number, Instant at) {
        JdbcTx.call(tx, c -> {
            // CASE rather than SQLite's two-argument max(), which PostgreSQL spells GREATEST.
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO folder_reads (file, account, number, read_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (file, account) DO UPDATE SET number = CASE"
                            + " WHEN excluded.number > folder_reads.number THEN excluded.number"
                            + " ELSE folder_reads.number END, read_at = excluded.read_at")) {
                s.setLong(1, file);
                s.setString(2, account);
                s.setInt(3, number);
                s.setString(4, at.toString());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<FileLock> lock(Tx tx, long file) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT holder, until, taken_at FROM file_locks WHERE file = ?")) {
                s.setLong(1, file);
                return first(Database.rows(
                        s,
                        rs -> new FileLock(
                                file,
                                rs.getString("holder"),
                                Instant.parse(rs.getString("until")),
                                Instant.parse(rs.getString("taken_at")))));
            }
        });
    }

    @Override
    public void putLock(Tx tx, FileLock lock) {
        JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO file_locks (file, holder, until, taken_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (file) DO UPDATE SET holder = excluded.holder, until = excluded.until,"
                            + " taken_at = excluded.taken_at")) {
                s.setLong(1, lock.file());
                s.setString(2, lock.holder());
                s.setString(3, lock.until().toString());
                s.setString(4, lock.takenAt().toString());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void removeLock(Tx tx, long file) {
        JdbcTx.call(tx, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM file_locks WHERE file = ?")) {
                s.setLong(1, file);
                return s.executeUpdate();
            }
        });
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
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
