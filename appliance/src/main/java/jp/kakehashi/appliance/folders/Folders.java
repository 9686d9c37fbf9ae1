package jp.kakehashi.appliance.folders;

import static java.util.Objects.requireNonNull;

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
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.FileNames;
import jp.kakehashi.appliance.pipeline.FolderDirectory;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
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
 * <p>The rules only: what is kept is {@link FolderStore}'s, inside one {@link Tx} per call with
 * the item and the audit record written beside it. Over 400 lines because every folder operation
 * and its refusals read best in one place; the SQL that made it 970 lines lives in the adapter.
 */
public final class Folders implements FolderDirectory {
    /** The longest check-out; a forgotten lock must not block a file for days. */
    public static final Duration MAX_LOCK = Duration.ofHours(8);

    static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm 'JST'")
            .withZone(java.time.ZoneId.of("Asia/Tokyo"));

    private static final int MAX_PURPOSE = 500;

    private final Transactions db;
    private final FolderStore store;
    private final Items items;
    private final Accounts accounts;
    private final FolderAccess access;
    private final UploadTargets targets;
    private final Clock clock;

    public Folders(Transactions db, FolderStore store, Items items, Accounts accounts, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.items = requireNonNull(items, "items");
        this.accounts = requireNonNull(accounts, "accounts");
        this.access = new FolderAccess(store, accounts);
        this.targets = new UploadTargets(store, access);
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
        return db.writing(tx -> {
            Account creator = access.account(tx, actor);
            if (creator.role() != Role.STAFF) {
                throw new FolderRefused(FolderRefused.Reason.NOT_STAFF, actor);
            }
            String key = FileNames.key(canonical);
            if (store.folderWithKey(tx, key).isPresent()) {
                throw new FolderRefused(FolderRefused.Reason.NAME_TAKEN, canonical);
            }
            Folder created =
                    store.insertFolder(tx, new FolderStore.NewFolder(canonical, key, why, department, actor, now));
            store.putMember(
                    tx,
                    new Member(created.id(), Member.Kind.USER, actor, FolderRole.MANAGER, Optional.empty()),
                    actor,
                    now);
            audit(
                    tx,
                    AuditType.FOLDER_CREATED,
                    actor,
                    "",
                    data("folder", created.id(), "name", canonical, "department", department));
            return created;
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
        return db.writing(tx -> {
            access.requireRole(tx, actor, folder, FolderRole.MANAGER, now);
            boolean partner = access.checkMemberKind(tx, kind, who);
            if (partner && role == FolderRole.MANAGER) {
                throw new FolderRefused(FolderRefused.Reason.PARTNER_CANNOT_MANAGE, who);
            }
            if (role != FolderRole.MANAGER || until.isPresent()) {
                access.requireAnotherManager(tx, folder, kind, who, now);
            }
            Member member = new Member(folder, kind, who, role, until);
            store.putMember(tx, member, actor, now);
            audit(
                    tx,
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
            return member;
        });
    }

    /** Removes a member; their access ends with this call. */
    public void removeMember(String actor, long folder, Member.Kind kind, String who) {
        Instant now = Instant.now(clock);
        db.writing(tx -> {
            access.requireRole(tx, actor, folder, FolderRole.MANAGER, now);
            access.requireAnotherManager(tx, folder, kind, who, now);
            if (!store.removeMember(tx, folder, kind, who)) {
                throw new FolderRefused(FolderRefused.Reason.NO_SUCH_ACCOUNT, who);
            }
            audit(
                    tx,
                    AuditType.FOLDER_MEMBER_REMOVED,
                    actor,
                    "",
                    data("folder", folder, "member", kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + who));
            return Boolean.TRUE;
        });
    }

    public List<Member> members(long folder) {
        return db.reading(tx -> store.members(tx, folder));
    }

    /** The role {@code account} has in the folder now: its own, or its organisation's, whichever is stronger. */
    public Optional<FolderRole> access(String account, long folder) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> access.roleIn(tx, account, folder, now));
    }

    /**
     * The partner organisations that are members now, directly or through one of their accounts:
     * whom a staff member's new version goes out to, for policy to decide on.
     */
    @Override
    public Set<String> partnerOrganisations(long folder) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> {
            Set<String> out = new TreeSet<>();
            for (Member m : store.members(tx, folder)) {
                if (!m.activeAt(now)) {
                    continue;
                }
                if (m.kind() == Member.Kind.ORGANISATION) {
                    out.add(m.who());
                } else {
                    accounts.findIn(tx, m.who())
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
        return db.reading(tx -> store.folder(tx, folder));
    }

    /** The folders {@code account} may open now, by name. */
    public List<Folder> visibleTo(String account) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> {
            List<Folder> out = new ArrayList<>();
            for (Folder f : store.folders(tx)) {
                if (access.roleIn(tx, account, f.id(), now).isPresent()) {
                    out.add(f);
                }
            }
            return out;
        });
    }

    public List<FolderFile> files(long folder) {
        return db.reading(tx -> store.files(tx, folder));
    }

    /** Every version of a file, oldest first, with where each one's item is. */
    public List<FileVersion> versions(long file) {
        return db.reading(tx -> store.versions(tx, file));
    }

    /** The files whose history holds {@code item} (one, or more after a restore). */
    public Set<Long> filesHolding(String item) {
        return db.reading(tx -> store.filesHolding(tx, item));
    }

    /**
     * Whether {@code item} is the version of a folder file that members on either side see now:
     * retention passes over it, so a folder never loses its current file to a clock.
     */
    public boolean isCurrent(String item) {
        return db.reading(tx -> {
            for (long file : store.filesHolding(tx, item)) {
                List<FileVersion> history = store.versions(tx, file);
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
        /** Records the item and returns its id. */
        String insertIn(Tx tx, Upload upload);
    }

    /**
     * Refuses, before any byte is stored, an upload that {@link #addVersion} would refuse now: no
     * right, a lock held by someone else, a name taken or a base version that is no longer the
     * latest.
     */
    public void checkUpload(String actor, long folder, String name, OptionalInt basedOn) {
        String canonical = canonicalName(name);
        Instant now = Instant.now(clock);
        db.reading(tx -> {
            Account author = access.account(tx, actor);
            FolderRole role = access.requireRole(tx, actor, folder, FolderRole.CONTRIBUTOR, now);
            if (targets.target(tx, author, role, folder, canonical, basedOn, now)
                    instanceof UploadTargets.Target.Conflict x) {
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
        Added added = db.writing(tx -> {
            Account author = access.account(tx, actor);
            FolderRole role = access.requireRole(tx, actor, folder, FolderRole.CONTRIBUTOR, now);
            UploadTargets.Target target = targets.target(tx, author, role, folder, canonical, basedOn, now);
            if (target instanceof UploadTargets.Target.Conflict x) {
                // Returned, not thrown, so the audit record of the refused upload is committed.
                audit(
                        tx,
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
            String itemId = newItem.insertIn(tx, upload);
            return switch (target) {
                case UploadTargets.Target.NewFile n -> {
                    FolderFile file = store.insertFile(tx, folder, canonical, FileNames.key(canonical), now);
                    yield new Added.Version(insertVersion(tx, file, 1, itemId, author, 0, Optional.empty(), now));
                }
                case UploadTargets.Target.Next x ->
                    new Added.Version(insertVersion(
                            tx, x.file(), x.number(), itemId, author, x.basedOn(), Optional.empty(), now));
                case UploadTargets.Target.Conflict x -> throw new IllegalStateException("handled above");
            };
        });
        return switch (added) {
            case Added.Version v -> v.version();
            case Added.Conflict x -> throw new FolderRefused(FolderRefused.Reason.CONFLICT, x.detail());
        };
    }

    /** What an upload came to inside its transaction. */
    private sealed interface Added {
        record Version(FileVersion version) implements Added {}

        record Conflict(String detail) implements Added {}
    }

    /** Brings an older version's bytes back as the newest version; the history keeps both. */
    public FileVersion restore(String actor, long file, int number, int basedOn) {
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            FolderFile f = access.fileIn(tx, file);
            Account author = access.account(tx, actor);
            access.requireRole(tx, actor, f.folder(), FolderRole.EDITOR, now);
            access.requireNotLockedByOther(tx, file, actor, now);
            List<FileVersion> history = store.versions(tx, file);
            FileVersion latest = history.get(history.size() - 1);
            int expected =
                    UploadTargets.liveBase(history).map(FileVersion::number).orElse(0);
            if (basedOn != expected) {
                throw new FolderRefused(FolderRefused.Reason.CONFLICT, "#" + basedOn + " → #" + expected);
            }
            FileVersion old = history.stream()
                    .filter(v -> v.number() == number && v.visibleIn(author.zone()))
                    .findFirst()
                    .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_VERSION, "#" + number));
            return insertVersion(
                    tx, f, latest.number() + 1, old.item(), author, latest.number(), Optional.of(number), now);
        });
    }

    /**
     * What {@code account} sees of a file now: the newest version allowed to their zone, and the
     * newest version after it that is still on its way (so the page can say a newer one is pending
     * and why).
     */
    public Current current(String account, long file) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> {
            FolderFile f = access.fileIn(tx, file);
            Account who = access.account(tx, account);
            if (access.roleIn(tx, account, f.folder(), now).isEmpty()) {
                throw new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, account);
            }
            return currentIn(tx, f, who);
        });
    }

    private Current currentIn(Tx tx, FolderFile f, Account who) {
        Optional<FileVersion> visible = Optional.empty();
        Optional<FileVersion> pending = Optional.empty();
        List<FileVersion> history = store.versions(tx, f.id());
        for (FileVersion v : history) {
            if (v.visibleIn(who.zone())) {
                visible = Optional.of(v);
                pending = Optional.empty();
            } else {
                pending = Optional.of(v);
            }
        }
        return new Current(
                f,
                visible,
                pending,
                UploadTargets.liveBase(history).map(FileVersion::number).orElse(0));
    }

    /** What {@code account} sees of every file in the folder, by name; refused for a non-member. */
    public List<Current> listing(String account, long folder) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> {
            Account who = access.account(tx, account);
            if (access.roleIn(tx, account, folder, now).isEmpty()) {
                throw new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, account);
            }
            List<Current> out = new ArrayList<>();
            for (FolderFile f : store.files(tx, folder)) {
                out.add(currentIn(tx, f, who));
            }
            return out;
        });
    }

    /** The folder of that name (compared as {@link FileNames#key}), if there is one. */
    public Optional<Folder> named(String name) {
        return db.reading(tx -> store.folderWithKey(tx, FileNames.key(name)));
    }

    /**
     * The version an upload of {@code name} is based on for a client that cannot say (SFTP): the
     * newest version its uploader fetched or wrote; 0 (a conflict) for an existing file it has
     * never fetched, and empty for a new file. Taking "the newest it could see" instead would let
     * an edit of a version fetched last week silently replace everything written since.
     */
    public OptionalInt basisFor(String account, long folder, String name) {
        return db.reading(tx -> {
            Optional<FolderFile> f = targets.fileNamed(tx, folder, canonicalName(name));
            if (f.isEmpty()) {
                return OptionalInt.empty();
            }
            int basis = store.lastRead(tx, f.get().id(), account).orElse(0);
            for (FileVersion v : store.versions(tx, f.get().id())) {
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
        db.writing(tx -> {
            store.recordRead(tx, file, account, number, now);
            return Boolean.TRUE;
        });
    }

    /** Checks a file out for {@code length} (at most {@link #MAX_LOCK}); the holder may extend it. */
    public FileLock lock(String actor, long file, Duration length) {
        if (length.isNegative() || length.isZero() || length.compareTo(MAX_LOCK) > 0) {
            throw new FolderRefused(FolderRefused.Reason.LOCK_TOO_LONG, length.toString());
        }
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            FolderFile f = access.fileIn(tx, file);
            access.requireRole(tx, actor, f.folder(), FolderRole.EDITOR, now);
            access.requireNotLockedByOther(tx, file, actor, now);
            FileLock lock = new FileLock(file, actor, now.plus(length), now);
            store.putLock(tx, lock);
            audit(
                    tx,
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
        db.writing(tx -> {
            FolderFile f = access.fileIn(tx, file);
            FolderRole role = access.requireRole(tx, actor, f.folder(), FolderRole.VIEWER, now);
            Optional<FileLock> lock = access.lockIn(tx, file, now);
            if (lock.isEmpty()) {
                return Boolean.FALSE;
            }
            if (!lock.get().holder().equals(actor) && role != FolderRole.MANAGER) {
                throw new FolderRefused(
                        FolderRefused.Reason.NOT_LOCK_HOLDER, lock.get().holder());
            }
            store.removeLock(tx, file);
            audit(
                    tx,
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
            return Boolean.TRUE;
        });
    }

    /** The lock on a file, if one is held and has not run out. */
    public Optional<FileLock> lockOf(long file) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> access.lockIn(tx, file, now));
    }

    private FileVersion insertVersion(
            Tx tx,
            FolderFile file,
            int number,
            String item,
            Account author,
            int basedOn,
            Optional<Integer> restoredFrom,
            Instant now) {
        TransferItem bytes = items.findIn(tx, item)
                .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_VERSION, "item " + item));
        // The zone the bytes came from (for a restore, the old version's), not the author's.
        Zone origin = bytes.flow().from();
        store.insertVersion(
                tx,
                new FolderStore.NewVersion(file.id(), number, item, origin, author.name(), basedOn, restoredFrom, now));
        Map<String, String> d =
                data("folder", file.folder(), "file", file.id(), "version", number, "based_on", basedOn);
        restoredFrom.ifPresent(r -> d.put("restored_from", String.valueOf(r)));
        audit(tx, AuditType.FOLDER_VERSION_ADDED, author.name(), item, d);
        return new FileVersion(
                file.id(),
                number,
                item,
                origin,
                author.name(),
                basedOn,
                restoredFrom,
                now,
                bytes.state().name());
    }

    private static String canonicalName(String name) {
        return switch (FileNames.canonical(name)) {
            case FileNames.Result.Valid v -> v.name();
            case FileNames.Result.Invalid i ->
                throw new FolderRefused(FolderRefused.Reason.BAD_NAME, i.ja() + " / " + i.en());
        };
    }

    private static void audit(Tx tx, AuditType type, String actor, String item, Map<String, String> data) {
        AuditOutbox.enqueue(tx, new AuditEvent(type, actor, "", item, data));
    }

    static Map<String, String> data(Object... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.put(String.valueOf(pairs[i]), String.valueOf(pairs[i + 1]));
        }
        return out;
    }
}
