package jp.kakehashi.appliance.folders;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.pipeline.FileNames;
import jp.kakehashi.appliance.pipeline.FolderDirectory;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;

/**
 * 共有フォルダ: folders, their members, the versions of each file and check-out locks, over the
 * metadata store. Every right is worked out from the database on every call, so removing a
 * member or an end date passing cuts access at once, on every protocol. Every change is audited
 * in the same transaction.
 *
 * <p>No lost updates: a new version names the version it was based on, and is refused with
 * {@link FolderRefused.Reason#CONFLICT} when the file has a newer one (visible to the uploader or
 * still on its way through the pipeline); a file checked out by someone else is refused with
 * {@link FolderRefused.Reason#LOCKED}.
 *
 * <p>Longer than it should be (over 600 lines): the folder rules, their SQL and their audit records
 * are still together here; the SQL moves behind a folder store port with the other stores (issue
 * 24, then 26).
 */
public final class Folders implements FolderDirectory {
    /** The longest check-out; a forgotten lock must not block a file for days. */
    public static final Duration MAX_LOCK = Duration.ofHours(8);

    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm 'JST'")
            .withZone(java.time.ZoneId.of("Asia/Tokyo"));

    private static final int MAX_PURPOSE = 500;

    private final Database db;
    private final Clock clock;

    public Folders(Database db, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * What one person sees of one file: the version allowed to their zone, and a newer one on its way.
     *
     * @param base the version a new upload or a restore must name as its base (0 when none counts)
     */
    public record Current(FolderFile file, Optional<FileVersion> visible, Optional<FileVersion> pending, int base) {}

    /** Creates a folder; the staff member who creates it is its first manager. */
    public Folder create(String actor, String name, String purpose, String department) {
        String canonical = canonicalName(name);
        String why = purpose.strip();
        if (why.isEmpty() || why.codePointCount(0, why.length()) > MAX_PURPOSE) {
            throw new FolderRefused(FolderRefused.Reason.PURPOSE_REQUIRED, "");
        }
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            Account creator = account(c, actor);
            if (creator.role() != Role.STAFF) {
                throw new FolderRefused(FolderRefused.Reason.NOT_STAFF, actor);
            }
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM folders WHERE name_key = ?")) {
                exists.setString(1, FileNames.key(canonical));
                if (exists.executeQuery().next()) {
                    throw new FolderRefused(FolderRefused.Reason.NAME_TAKEN, canonical);
                }
            }
            long id;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO folders (name, name_key, purpose, department, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                s.setString(1, canonical);
                s.setString(2, FileNames.key(canonical));
                s.setString(3, why);
                s.setString(4, department);
                s.setString(5, actor);
                s.setString(6, now.toString());
                s.executeUpdate();
                ResultSet keys = s.getGeneratedKeys();
                keys.next();
                id = keys.getLong(1);
            }
            insertMember(c, id, Member.Kind.USER, actor, FolderRole.MANAGER, Optional.empty(), actor, now);
            audit(
                    c,
                    AuditType.FOLDER_CREATED,
                    actor,
                    "",
                    data("folder", id, "name", canonical, "department", department));
            return new Folder(id, canonical, why, department, actor, now);
        });
    }

    /** Adds a member or changes a member's role or end; only a folder's managers may. */
    public Member setMember(
            String actor, long folder, Member.Kind kind, String who, FolderRole role, Optional<Instant> until) {
        Instant now = Instant.now(clock);
        if (until.isPresent() && !until.get().isAfter(now)) {
            throw new FolderRefused(
                    FolderRefused.Reason.END_IN_PAST, until.get().toString());
        }
        return db.transaction(c -> {
            requireRole(c, actor, folder, FolderRole.MANAGER, now);
            boolean partner = checkMemberKind(c, kind, who);
            if (partner && role == FolderRole.MANAGER) {
                throw new FolderRefused(FolderRefused.Reason.PARTNER_CANNOT_MANAGE, who);
            }
            if (role != FolderRole.MANAGER || until.isPresent()) {
                requireAnotherManager(c, folder, kind, who, now);
            }
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM folder_members WHERE folder = ? AND kind = ? AND who = ?")) {
                s.setLong(1, folder);
                s.setString(2, kind.name());
                s.setString(3, who);
                s.executeUpdate();
            }
            insertMember(c, folder, kind, who, role, until, actor, now);
            audit(
                    c,
                    AuditType.FOLDER_MEMBER_SET,
                    actor,
                    "",
                    data(
                            "folder",
                            folder,
                            "member",
                            kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + who,
                            "role",
                            role.name(),
                            "until",
                            until.map(Instant::toString).orElse("")));
            return new Member(folder, kind, who, role, until);
        });
    }

    /** Removes a member; their access ends with this call. */
    public void removeMember(String actor, long folder, Member.Kind kind, String who) {
        Instant now = Instant.now(clock);
        db.transaction(c -> {
            requireRole(c, actor, folder, FolderRole.MANAGER, now);
            requireAnotherManager(c, folder, kind, who, now);
            int n;
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM folder_members WHERE folder = ? AND kind = ? AND who = ?")) {
                s.setLong(1, folder);
                s.setString(2, kind.name());
                s.setString(3, who);
                n = s.executeUpdate();
            }
            if (n == 0) {
                throw new FolderRefused(FolderRefused.Reason.NO_SUCH_ACCOUNT, who);
            }
            audit(
                    c,
                    AuditType.FOLDER_MEMBER_REMOVED,
                    actor,
                    "",
                    data("folder", folder, "member", kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + who));
            return n;
        });
    }

    public List<Member> members(long folder) {
        return db.read(c -> membersIn(c, folder));
    }

    /** The role {@code account} has in the folder now: its own, or its organisation's, whichever is stronger. */
    public Optional<FolderRole> access(String account, long folder) {
        Instant now = Instant.now(clock);
        return db.read(c -> roleIn(c, account, folder, now));
    }

    /**
     * The partner organisations that are members now, directly or through one of their accounts:
     * whom a staff member's new version goes out to, for policy to decide on.
     */
    @Override
    public Set<String> partnerOrganisations(long folder) {
        Instant now = Instant.now(clock);
        return db.read(c -> {
            Set<String> out = new TreeSet<>();
            for (Member m : membersIn(c, folder)) {
                if (!m.activeAt(now)) {
                    continue;
                }
                if (m.kind() == Member.Kind.ORGANISATION) {
                    out.add(m.who());
                } else {
                    Accounts.findIn(c, m.who())
                            .filter(a -> a.role() == Role.PARTNER && !a.disabled())
                            .ifPresent(a -> out.add(a.organisation()));
                }
            }
            return out;
        });
    }

    @Override
    public String name(long folder) {
        return find(folder).map(Folder::name).orElse("");
    }

    public Optional<Folder> find(long folder) {
        return db.read(c -> findIn(c, folder));
    }

    /** The folders {@code account} may open now, by name. */
    public List<Folder> visibleTo(String account) {
        Instant now = Instant.now(clock);
        return db.read(c -> {
            List<Folder> out = new ArrayList<>();
            for (Folder f : all(c)) {
                if (roleIn(c, account, f.id(), now).isPresent()) {
                    out.add(f);
                }
            }
            return out;
        });
    }

    public List<FolderFile> files(long folder) {
        return db.read(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT * FROM folder_files WHERE folder = ? ORDER BY name_key")) {
                s.setLong(1, folder);
                return Database.rows(s, Folders::file);
            }
        });
    }

    /** Every version of a file, oldest first, with where each one's item is. */
    public List<FileVersion> versions(long file) {
        return db.read(c -> versionsIn(c, file));
    }

    /** The files whose history holds {@code item} (one, or more after a restore). */
    public Set<Long> filesHolding(String item) {
        return db.read(c -> filesHolding(c, item));
    }

    private static Set<Long> filesHolding(Connection c, String item) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT file FROM file_versions WHERE item = ?")) {
            s.setString(1, item);
            return new TreeSet<>(Database.rows(s, rs -> rs.getLong(1)));
        }
    }

    /**
     * Whether {@code item} is the version of a folder file that members on either side see now:
     * retention passes over it, so a folder never loses its current file to a clock.
     */
    public boolean isCurrent(String item) {
        return db.read(c -> {
            for (long file : filesHolding(c, item)) {
                List<FileVersion> history = versionsIn(c, file);
                for (Zone zone : List.of(Zone.LGWAN, Zone.INTERNET)) {
                    for (int i = history.size() - 1; i >= 0; i--) {
                        if (history.get(i).visibleIn(zone)) {
                            if (history.get(i).item().equals(item)) {
                                return true;
                            }
                            break;
                        }
                    }
                }
            }
            return false;
        });
    }

    /** Who uploads what where: the item a new version's bytes become. */
    public record Upload(String author, String zone, Flow flow, String organisation, long folder, String name) {}

    /** Writes a new version's item inside the folder's transaction, so both exist or neither. */
    @FunctionalInterface
    public interface NewItem {
        /** Inserts the item and returns its id. */
        String insertIn(Connection c, Upload upload) throws SQLException;
    }

    /**
     * Refuses, before any byte is stored, an upload that {@link #addVersion} would refuse now: no
     * right, a lock held by someone else, a name taken or a base version that is no longer the
     * latest.
     */
    public void checkUpload(String actor, long folder, String name, OptionalInt basedOn) {
        String canonical = canonicalName(name);
        Instant now = Instant.now(clock);
        db.read(c -> {
            Account author = account(c, actor);
            FolderRole role = requireRole(c, actor, folder, FolderRole.CONTRIBUTOR, now);
            if (target(c, author, role, folder, canonical, basedOn, now) instanceof Target.Conflict x) {
                throw new FolderRefused(FolderRefused.Reason.CONFLICT, x.detail());
            }
            return Boolean.TRUE;
        });
    }

    /**
     * Records a new version whose bytes {@code newItem} writes as a transfer item: version 1 of a
     * new file when {@code basedOn} is empty, else the next version of the file of that name, if
     * {@code basedOn} is still its latest version. A partner's version goes inbound (disarmed
     * before staff see it), a staff member's outbound (policy and approval before partners do).
     */
    public FileVersion addVersion(String actor, long folder, String name, OptionalInt basedOn, NewItem newItem) {
        String canonical = canonicalName(name);
        Instant now = Instant.now(clock);
        Added added = db.transaction(c -> {
            Account author = account(c, actor);
            FolderRole role = requireRole(c, actor, folder, FolderRole.CONTRIBUTOR, now);
            Target target = target(c, author, role, folder, canonical, basedOn, now);
            if (target instanceof Target.Conflict x) {
                // Returned, not thrown, so the audit record of the refused upload is committed.
                audit(
                        c,
                        AuditType.FOLDER_CONFLICT,
                        actor,
                        "",
                        data(
                                "folder",
                                folder,
                                "file",
                                x.file().id(),
                                "based_on",
                                basedOn.orElse(0),
                                "latest",
                                x.latest().number()));
                return new Added.Conflict(x.detail());
            }
            boolean partner = author.role() == Role.PARTNER;
            Upload upload = new Upload(
                    actor,
                    author.zone().word(),
                    partner ? new Flow(Zone.INTERNET, Zone.LGWAN) : new Flow(Zone.LGWAN, Zone.INTERNET),
                    partner ? author.organisation() : "",
                    folder,
                    canonical);
            String itemId = newItem.insertIn(c, upload);
            return switch (target) {
                case Target.NewFile n -> {
                    long id;
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO folder_files (folder, name, name_key, created_at) VALUES (?, ?, ?, ?)",
                            PreparedStatement.RETURN_GENERATED_KEYS)) {
                        s.setLong(1, folder);
                        s.setString(2, canonical);
                        s.setString(3, FileNames.key(canonical));
                        s.setString(4, now.toString());
                        s.executeUpdate();
                        ResultSet keys = s.getGeneratedKeys();
                        keys.next();
                        id = keys.getLong(1);
                    }
                    yield new Added.Version(insertVersion(c, id, 1, itemId, author, 0, Optional.empty(), now));
                }
                case Target.Next x ->
                    new Added.Version(insertVersion(
                            c, x.file().id(), x.number(), itemId, author, x.basedOn(), Optional.empty(), now));
                case Target.Conflict x -> throw new IllegalStateException("handled above");
            };
        });
        return switch (added) {
            case Added.Version v -> v.version();
            case Added.Conflict x -> throw new FolderRefused(FolderRefused.Reason.CONFLICT, x.detail());
        };
    }

    /** Where an upload would go: a new file, the next version of one, or a conflict. */
    private sealed interface Target {
        record NewFile() implements Target {}

        /** The next version of {@code file}, numbered {@code number}. */
        record Next(FolderFile file, int number, int basedOn) implements Target {}

        record Conflict(FolderFile file, FileVersion latest, String detail) implements Target {}
    }

    /** Works out an upload's target; throws for every refusal but a conflict, which is audited. */
    private static Target target(
            Connection c, Account author, FolderRole role, long folder, String name, OptionalInt basedOn, Instant now)
            throws SQLException {
        Optional<FolderFile> existing = fileNamed(c, folder, name);
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
        requireNotLockedByOther(c, f.id(), author.name(), now);
        List<FileVersion> history = versionsIn(c, f.id());
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
                            + WHEN.format(newer.createdAt()) + ")");
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

    /** What an upload came to inside its transaction. */
    private sealed interface Added {
        record Version(FileVersion version) implements Added {}

        record Conflict(String detail) implements Added {}
    }

    /** Brings an older version's bytes back as the newest version; the history keeps both. */
    public FileVersion restore(String actor, long file, int number, int basedOn) {
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            FolderFile f =
                    fileIn(c, file).orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_FILE, "#" + file));
            Account author = account(c, actor);
            requireRole(c, actor, f.folder(), FolderRole.EDITOR, now);
            requireNotLockedByOther(c, file, actor, now);
            List<FileVersion> history = versionsIn(c, file);
            FileVersion latest = history.get(history.size() - 1);
            int expected = liveBase(history).map(FileVersion::number).orElse(0);
            if (basedOn != expected) {
                throw new FolderRefused(FolderRefused.Reason.CONFLICT, "#" + basedOn + " → #" + expected);
            }
            FileVersion old = history.stream()
                    .filter(v -> v.number() == number && v.visibleIn(author.zone()))
                    .findFirst()
                    .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_VERSION, "#" + number));
            return insertVersion(
                    c, file, latest.number() + 1, old.item(), author, latest.number(), Optional.of(number), now);
        });
    }

    /**
     * What {@code account} sees of a file now: the newest version allowed to their zone, and the
     * newest version after it that is still on its way (so the page can say a newer one is pending
     * and why).
     */
    public Current current(String account, long file) {
        Instant now = Instant.now(clock);
        return db.read(c -> {
            FolderFile f =
                    fileIn(c, file).orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_FILE, "#" + file));
            Account who = account(c, account);
            if (roleIn(c, account, f.folder(), now).isEmpty()) {
                throw new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, account);
            }
            return currentIn(c, f, who);
        });
    }

    private static Current currentIn(Connection c, FolderFile f, Account who) throws SQLException {
        Optional<FileVersion> visible = Optional.empty();
        Optional<FileVersion> pending = Optional.empty();
        List<FileVersion> history = versionsIn(c, f.id());
        for (FileVersion v : history) {
            if (v.visibleIn(who.zone())) {
                visible = Optional.of(v);
                pending = Optional.empty();
            } else {
                pending = Optional.of(v);
            }
        }
        return new Current(
                f, visible, pending, liveBase(history).map(FileVersion::number).orElse(0));
    }

    /** What {@code account} sees of every file in the folder, by name; refused for a non-member. */
    public List<Current> listing(String account, long folder) {
        Instant now = Instant.now(clock);
        return db.read(c -> {
            Account who = account(c, account);
            if (roleIn(c, account, folder, now).isEmpty()) {
                throw new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, account);
            }
            List<Current> out = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT * FROM folder_files WHERE folder = ? ORDER BY name_key")) {
                s.setLong(1, folder);
                for (FolderFile f : Database.rows(s, Folders::file)) {
                    out.add(currentIn(c, f, who));
                }
            }
            return out;
        });
    }

    /** The folder of that name (compared as {@link FileNames#key}), if there is one. */
    public Optional<Folder> named(String name) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM folders WHERE name_key = ?")) {
                s.setString(1, FileNames.key(name));
                ResultSet rs = s.executeQuery();
                return rs.next() ? Optional.of(folder(rs)) : Optional.empty();
            }
        });
    }

    /**
     * The version an upload of {@code name} is based on for a client that cannot say (SFTP): the
     * newest version its uploader fetched or wrote; 0 (a conflict) for an existing file it has
     * never fetched, and empty for a new file. Taking "the newest it could see" instead would let
     * an edit of a version fetched last week silently replace everything written since.
     */
    public OptionalInt basisFor(String account, long folder, String name) {
        return db.read(c -> {
            Optional<FolderFile> f = fileNamed(c, folder, canonicalName(name));
            if (f.isEmpty()) {
                return OptionalInt.empty();
            }
            int basis = 0;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT number FROM folder_reads WHERE file = ? AND account = ?")) {
                s.setLong(1, f.get().id());
                s.setString(2, account);
                ResultSet rs = s.executeQuery();
                if (rs.next()) {
                    basis = rs.getInt(1);
                }
            }
            for (FileVersion v : versionsIn(c, f.get().id())) {
                if (v.author().equals(account)) {
                    basis = Math.max(basis, v.number());
                }
            }
            return OptionalInt.of(basis);
        });
    }

    /** Remembers that {@code account} fetched version {@code number} of a file (see {@link #basisFor}). */
    public void recordRead(String account, long file, int number) {
        Instant now = Instant.now(clock);
        db.transaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO folder_reads (file, account, number, read_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (file, account) DO UPDATE SET number = max(number, excluded.number),"
                            + " read_at = excluded.read_at")) {
                s.setLong(1, file);
                s.setString(2, account);
                s.setInt(3, number);
                s.setString(4, now.toString());
                return s.executeUpdate();
            }
        });
    }

    /** Checks a file out for {@code length} (at most {@link #MAX_LOCK}); the holder may extend it. */
    public FileLock lock(String actor, long file, Duration length) {
        if (length.isNegative() || length.isZero() || length.compareTo(MAX_LOCK) > 0) {
            throw new FolderRefused(FolderRefused.Reason.LOCK_TOO_LONG, length.toString());
        }
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            FolderFile f =
                    fileIn(c, file).orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_FILE, "#" + file));
            requireRole(c, actor, f.folder(), FolderRole.EDITOR, now);
            requireNotLockedByOther(c, file, actor, now);
            FileLock lock = new FileLock(file, actor, now.plus(length), now);
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO file_locks (file, holder, until, taken_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT(file) DO UPDATE SET holder = excluded.holder, until = excluded.until,"
                            + " taken_at = excluded.taken_at")) {
                s.setLong(1, file);
                s.setString(2, actor);
                s.setString(3, lock.until().toString());
                s.setString(4, now.toString());
                s.executeUpdate();
            }
            audit(
                    c,
                    AuditType.FOLDER_LOCKED,
                    actor,
                    "",
                    data("folder", f.folder(), "file", file, "until", lock.until()));
            return lock;
        });
    }

    /** Releases a lock; its holder or a manager of the folder may. Nothing happens when there is none. */
    public void unlock(String actor, long file) {
        Instant now = Instant.now(clock);
        db.transaction(c -> {
            FolderFile f =
                    fileIn(c, file).orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_FILE, "#" + file));
            FolderRole role = requireRole(c, actor, f.folder(), FolderRole.VIEWER, now);
            Optional<FileLock> lock = lockIn(c, file, now);
            if (lock.isEmpty()) {
                return 0;
            }
            if (!lock.get().holder().equals(actor) && role != FolderRole.MANAGER) {
                throw new FolderRefused(
                        FolderRefused.Reason.NOT_LOCK_HOLDER, lock.get().holder());
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM file_locks WHERE file = ?")) {
                s.setLong(1, file);
                s.executeUpdate();
            }
            audit(
                    c,
                    AuditType.FOLDER_UNLOCKED,
                    actor,
                    "",
                    data(
                            "folder",
                            f.folder(),
                            "file",
                            file,
                            "holder",
                            lock.get().holder()));
            return 1;
        });
    }

    /** The lock on a file, if one is held and has not run out. */
    public Optional<FileLock> lockOf(long file) {
        Instant now = Instant.now(clock);
        return db.read(c -> lockIn(c, file, now));
    }

    // --- inside a transaction ---

    static Account account(Connection c, String name) throws SQLException {
        Account a = Accounts.findIn(c, name)
                .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_ACCOUNT, name));
        if (a.disabled()) {
            throw new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, name);
        }
        return a;
    }

    private static FolderRole requireRole(Connection c, String actor, long folder, FolderRole needed, Instant now)
            throws SQLException {
        if (findIn(c, folder).isEmpty()) {
            throw new FolderRefused(FolderRefused.Reason.NO_SUCH_FOLDER, "#" + folder);
        }
        FolderRole role = roleIn(c, actor, folder, now)
                .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, actor));
        if (!role.allows(needed)) {
            throw new FolderRefused(FolderRefused.Reason.ROLE_TOO_LOW, role.japanese() + " < " + needed.japanese());
        }
        return role;
    }

    static Optional<FolderRole> roleIn(Connection c, String account, long folder, Instant now) throws SQLException {
        Optional<Account> a = Accounts.findIn(c, account);
        if (a.isEmpty() || a.get().disabled()) {
            return Optional.empty();
        }
        Role role = a.get().role();
        if (role != Role.STAFF && role != Role.PARTNER) {
            return Optional.empty();
        }
        Optional<FolderRole> best = Optional.empty();
        for (Member m : membersIn(c, folder)) {
            boolean mine = (m.kind() == Member.Kind.USER && m.who().equals(account))
                    || (m.kind() == Member.Kind.ORGANISATION
                            && role == Role.PARTNER
                            && m.who().equals(a.get().organisation()));
            if (mine && m.activeAt(now) && (best.isEmpty() || m.role().compareTo(best.get()) > 0)) {
                best = Optional.of(m.role());
            }
        }
        return best;
    }

    /** True when the member is a partner (account or organisation). */
    private static boolean checkMemberKind(Connection c, Member.Kind kind, String who) throws SQLException {
        if (kind == Member.Kind.ORGANISATION) {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT 1 FROM accounts WHERE role = 'partner' AND organisation = ? LIMIT 1")) {
                s.setString(1, who);
                if (!s.executeQuery().next()) {
                    throw new FolderRefused(FolderRefused.Reason.NO_SUCH_ORGANISATION, who);
                }
            }
            return true;
        }
        Account a =
                Accounts.findIn(c, who).orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_ACCOUNT, who));
        if (a.role() != Role.STAFF && a.role() != Role.PARTNER) {
            throw new FolderRefused(
                    FolderRefused.Reason.NOT_A_MEMBER_KIND,
                    who + " (" + a.role().name() + ")");
        }
        return a.role() == Role.PARTNER;
    }

    /** Refuses when taking this member's manager role away would leave the folder without one. */
    private static void requireAnotherManager(Connection c, long folder, Member.Kind kind, String who, Instant now)
            throws SQLException {
        boolean other = membersIn(c, folder).stream()
                .anyMatch(m -> m.role() == FolderRole.MANAGER
                        && m.until().isEmpty()
                        && m.activeAt(now)
                        && !(m.kind() == kind && m.who().equals(who)));
        if (!other) {
            throw new FolderRefused(FolderRefused.Reason.LAST_MANAGER, who);
        }
    }

    private static void requireNotLockedByOther(Connection c, long file, String actor, Instant now)
            throws SQLException {
        Optional<FileLock> lock = lockIn(c, file, now);
        if (lock.isPresent() && !lock.get().holder().equals(actor)) {
            throw new FolderRefused(
                    FolderRefused.Reason.LOCKED,
                    lock.get().holder() + " ~" + WHEN.format(lock.get().until()));
        }
    }

    private static Optional<FileLock> lockIn(Connection c, long file, Instant now) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT holder, until, taken_at FROM file_locks WHERE file = ?")) {
            s.setLong(1, file);
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                return Optional.empty();
            }
            Instant until = Instant.parse(rs.getString("until"));
            return until.isAfter(now)
                    ? Optional.of(
                            new FileLock(file, rs.getString("holder"), until, Instant.parse(rs.getString("taken_at"))))
                    : Optional.empty();
        }
    }

    private static void insertMember(
            Connection c,
            long folder,
            Member.Kind kind,
            String who,
            FolderRole role,
            Optional<Instant> until,
            String by,
            Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO folder_members (folder, kind, who, role, until, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, folder);
            s.setString(2, kind.name());
            s.setString(3, who);
            s.setString(4, role.name());
            s.setString(5, until.map(Instant::toString).orElse(null));
            s.setString(6, by);
            s.setString(7, now.toString());
            s.executeUpdate();
        }
    }

    private static FileVersion insertVersion(
            Connection c,
            long file,
            int number,
            String item,
            Account author,
            int basedOn,
            Optional<Integer> restoredFrom,
            Instant now)
            throws SQLException {
        String state;
        Zone origin;
        try (PreparedStatement s = c.prepareStatement("SELECT state, flow FROM items WHERE id = ?")) {
            s.setString(1, item);
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                throw new FolderRefused(FolderRefused.Reason.NO_SUCH_VERSION, "item " + item);
            }
            state = rs.getString(1);
            // The zone the bytes came from (for a restore, the old version's), not the author's.
            origin = Flow.parse(rs.getString(2)).from();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO file_versions (file, number, item, zone, author, based_on, restored_from, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, file);
            s.setInt(2, number);
            s.setString(3, item);
            s.setString(4, origin.word());
            s.setString(5, author.name());
            s.setInt(6, basedOn);
            if (restoredFrom.isPresent()) {
                s.setInt(7, restoredFrom.get());
            } else {
                s.setNull(7, java.sql.Types.INTEGER);
            }
            s.setString(8, now.toString());
            s.executeUpdate();
        }
        long folder = fileIn(c, file).map(FolderFile::folder).orElse(0L);
        Map<String, String> d = data("folder", folder, "file", file, "version", number, "based_on", basedOn);
        restoredFrom.ifPresent(r -> d.put("restored_from", String.valueOf(r)));
        audit(c, AuditType.FOLDER_VERSION_ADDED, author.name(), item, d);
        return new FileVersion(file, number, item, origin, author.name(), basedOn, restoredFrom, now, state);
    }

    private static List<Member> membersIn(Connection c, long folder) throws SQLException {
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
    }

    private static Optional<Folder> findIn(Connection c, long folder) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM folders WHERE id = ?")) {
            s.setLong(1, folder);
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(folder(rs)) : Optional.empty();
        }
    }

    private static List<Folder> all(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM folders ORDER BY name_key")) {
            return Database.rows(s, Folders::folder);
        }
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

    static Optional<FolderFile> fileIn(Connection c, long file) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM folder_files WHERE id = ?")) {
            s.setLong(1, file);
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(file(rs)) : Optional.empty();
        }
    }

    private static Optional<FolderFile> fileByName(Connection c, long folder, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM folder_files WHERE folder = ? AND name_key = ?")) {
            s.setLong(1, folder);
            s.setString(2, FileNames.key(name));
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(file(rs)) : Optional.empty();
        }
    }

    /**
     * The file an upload of {@code name} belongs to: the file of that name, or else the file one
     * of whose versions was handed out under that name (a disarmed 見積書.docm is read as
     * 見積書.docx, and saving it back must make a new version of 見積書.docm, not a second file).
     */
    private static Optional<FolderFile> fileNamed(Connection c, long folder, String name) throws SQLException {
        Optional<FolderFile> exact = fileByName(c, folder, name);
        if (exact.isPresent()) {
            return exact;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT f.*, i.rendition_name FROM folder_files f"
                + " JOIN file_versions v ON v.file = f.id JOIN items i ON i.id = v.item"
                + " WHERE f.folder = ? AND i.rendition_name IS NOT NULL ORDER BY f.id")) {
            s.setLong(1, folder);
            ResultSet rs = s.executeQuery();
            String key = FileNames.key(name);
            while (rs.next()) {
                if (FileNames.key(rs.getString("rendition_name")).equals(key)) {
                    return Optional.of(file(rs));
                }
            }
        }
        return Optional.empty();
    }

    private static FolderFile file(ResultSet rs) throws SQLException {
        return new FolderFile(
                rs.getLong("id"),
                rs.getLong("folder"),
                rs.getString("name"),
                Instant.parse(rs.getString("created_at")));
    }

    static List<FileVersion> versionsIn(Connection c, long file) throws SQLException {
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
    }

    private static String canonicalName(String name) {
        return switch (FileNames.canonical(name)) {
            case FileNames.Result.Valid v -> v.name();
            case FileNames.Result.Invalid i ->
                throw new FolderRefused(FolderRefused.Reason.BAD_NAME, i.ja() + " / " + i.en());
        };
    }

    private static void audit(Connection c, AuditType type, String actor, String item, Map<String, String> data)
            throws SQLException {
        AuditOutbox.enqueue(c, new AuditEvent(type, actor, "", item, data));
    }

    static Map<String, String> data(Object... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.put(String.valueOf(pairs[i]), String.valueOf(pairs[i + 1]));
        }
        return out;
    }
}
