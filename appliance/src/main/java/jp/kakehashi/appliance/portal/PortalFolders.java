package jp.kakehashi.appliance.portal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.folders.FileLock;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderRefused;
import jp.kakehashi.appliance.folders.FolderRole;
import jp.kakehashi.appliance.folders.FolderUploads;
import jp.kakehashi.appliance.folders.Folders;
import jp.kakehashi.appliance.folders.Member;
import jp.kakehashi.appliance.folders.ShareLinkRefused;
import jp.kakehashi.appliance.folders.ShareLinks;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.FileNames;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.DiskFull;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.Escape;
import jp.kakehashi.sanitizer.Receipts;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.SharedFolders;
import jp.kakehashi.web.port.Upload;
import jp.kakehashi.web.port.User;

/**
 * The portals' 共有フォルダ over {@link Folders}: every answer is worked out again from the
 * database for the user at this instant, so a removed member, a lock or a newer version is seen
 * at once. The rights are the ones SFTP has, because both ask the same {@link Folders}.
 *
 * <p>Long because it translates every folder page and action of the portal (listing, versions,
 * uploads, members, locks, share links, downloads); it decides nothing itself.
 */
public final class PortalFolders implements SharedFolders {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final Folders folders;
    private final FolderUploads uploads;
    private final Items items;
    private final ItemViews views;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final ShareLinks links;
    private final Function<jp.kakehashi.web.port.Zone, String> portalUrl;

    /**
     * @param portalUrl the address of a zone's portal, which share links point at
     */
    public PortalFolders(
            Folders folders,
            FolderUploads uploads,
            Items items,
            ItemViews views,
            BlobStore blobs,
            AuditLog audit,
            ShareLinks links,
            Function<jp.kakehashi.web.port.Zone, String> portalUrl) {
        this.folders = requireNonNull(folders, "folders");
        this.uploads = requireNonNull(uploads, "uploads");
        this.items = requireNonNull(items, "items");
        this.views = views;
        this.blobs = requireNonNull(blobs, "blobs");
        this.audit = requireNonNull(audit, "audit");
        this.links = requireNonNull(links, "links");
        this.portalUrl = requireNonNull(portalUrl, "portalUrl");
    }

    @Override
    public List<FolderView> folders(User user) {
        List<FolderView> out = new ArrayList<>();
        for (Folder f : folders.visibleTo(user.name())) {
            folders.access(user.name(), f.id()).ifPresent(role -> out.add(view(f, role)));
        }
        return out;
    }

    @Override
    public Optional<FolderPage> folder(User user, long id) {
        Optional<Folder> folder = folders.find(id);
        Optional<FolderRole> role = folders.access(user.name(), id);
        if (folder.isEmpty() || role.isEmpty()) {
            return Optional.empty();
        }
        List<FileRow> files = new ArrayList<>();
        try {
            for (Folders.Current c : folders.listing(user.name(), id)) {
                files.add(row(user, c));
            }
        } catch (FolderRefused removedJustNow) {
            return Optional.empty();
        }
        // Partners do not learn which other companies share the folder; staff see every member.
        List<MemberView> members = user.role() == Role.STAFF
                ? folders.members(id).stream().map(PortalFolders::member).toList()
                : List.of();
        return Optional.of(new FolderPage(view(folder.get(), role.get()), files, members));
    }

    @Override
    public Optional<FilePage> file(User user, long file) {
        Folders.Current current;
        try {
            current = folders.current(user.name(), file);
        } catch (FolderRefused r) {
            return Optional.empty();
        }
        long folderId = current.file().folder();
        Optional<Folder> folder = folders.find(folderId);
        Optional<FolderRole> role = folders.access(user.name(), folderId);
        if (folder.isEmpty() || role.isEmpty()) {
            return Optional.empty();
        }
        List<VersionView> versions = new ArrayList<>();
        for (FileVersion v : folders.versions(file)) {
            version(user, v).ifPresent(versions::add);
        }
        List<LinkView> shared = user.role() == Role.STAFF
                ? links.of(file).stream().map(this::linkView).toList()
                : List.of();
        return Optional.of(
                new FilePage(view(folder.get(), role.get()), row(user, current), versions.reversed(), shared));
    }

    @Override
    public Answer create(User user, String name, String purpose, String department) {
        return answer(
                () -> folders.create(user.name(), name, purpose, department).id());
    }

    @Override
    public Answer setMember(User user, long folder, String kind, String who, String role, Optional<LocalDate> until) {
        Optional<Member.Kind> k = kind(kind);
        Optional<FolderRole> r = role(role);
        if (k.isEmpty() || r.isEmpty() || who.isBlank()) {
            return new Answer.Refused(
                    "BAD_MEMBER", "メンバーの種類・名前・役割を選んでください。", "Choose the member's kind, name and role.");
        }
        Optional<Instant> end = until.map(d -> d.plusDays(1).atStartOfDay(JST).toInstant());
        return answer(() -> {
            folders.setMember(user.name(), folder, k.get(), who.strip(), r.get(), end);
            return folder;
        });
    }

    @Override
    public Answer removeMember(User user, long folder, String kind, String who) {
        Optional<Member.Kind> k = kind(kind);
        if (k.isEmpty()) {
            return new Answer.Refused("BAD_MEMBER", "メンバーの種類が正しくありません。", "The member's kind is not valid.");
        }
        return answer(() -> {
            folders.removeMember(user.name(), folder, k.get(), who);
            return folder;
        });
    }

    @Override
    public Answer lock(User user, long file, Duration length) {
        return answer(() -> folders.lock(user.name(), file, length).file());
    }

    @Override
    public Answer unlock(User user, long file) {
        return answer(() -> {
            folders.unlock(user.name(), file);
            return file;
        });
    }

    @Override
    public Answer restore(User user, long file, int number, int basedOn) {
        return answer(() -> folders.restore(user.name(), file, number, basedOn).file());
    }

    @Override
    public Start startVersion(User user, long folder, String rawName, OptionalInt basedOn) {
        String name;
        switch (FileNames.canonical(rawName)) {
            case FileNames.Result.Invalid invalid -> {
                refusedUpload(user, invalid.code(), Escape.forReport(rawName));
                return new Start.Refused(invalid.code(), invalid.ja(), invalid.en());
            }
            case FileNames.Result.Valid valid -> name = valid.name();
        }
        FolderUploads.Pending pending;
        try {
            pending = uploads.begin(user.name(), folder, name, basedOn);
        } catch (FolderRefused r) {
            refusedUpload(user, r.reason().name(), name);
            return new Start.Refused(r.code(), r.japanese(), r.english());
        } catch (DiskFull full) {
            refusedUpload(user, DiskFull.CODE, name);
            return new Start.Refused(DiskFull.CODE, full.japanese(), full.english());
        } catch (IOException e) {
            return new Start.Refused(
                    "STORE_UNAVAILABLE",
                    "保存先に書き込めません。時間をおいてやり直してください。",
                    "The store cannot be written to. Please try again later.");
        }
        return new Start.Ready(new VersionUpload() {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                try {
                    pending.write(bytes, offset, length);
                } catch (DiskFull full) {
                    throw new Upload.Stopped(DiskFull.CODE, full.japanese(), full.english());
                }
            }

            @Override
            public long written() {
                return pending.written();
            }

            @Override
            public Answer commit() throws IOException {
                try {
                    return new Answer.Done(pending.commit().file());
                } catch (FolderRefused r) {
                    refusedUpload(user, r.reason().name(), name);
                    return new Answer.Refused(r.code(), r.japanese(), r.english());
                }
            }

            @Override
            public void abort() {
                try {
                    pending.close();
                } catch (IOException e) {
                    // Nothing was committed; the partial blob names no item and no version.
                }
                audit.append(new AuditEvent(
                        AuditType.UPLOAD_ABORTED,
                        user.name(),
                        user.role().zone().word(),
                        "",
                        Map.of("name", name, "folder", String.valueOf(folder), "protocol", "https")));
            }
        });
    }

    @Override
    public Optional<Download> download(User user, long file, int number) {
        try {
            folders.current(user.name(), file);
        } catch (FolderRefused notAMemberNow) {
            return Optional.empty();
        }
        Zone zone = Zones.domain(user.role().zone());
        Optional<FileVersion> version = folders.versions(file).stream()
                .filter(v -> v.number() == number && v.visibleIn(zone))
                .findFirst();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        FileVersion v = version.get();
        Optional<TransferItem> item = items.find(v.item());
        if (item.isEmpty()) {
            return Optional.empty();
        }
        TransferItem i = item.get();
        boolean original = v.servesOriginalTo(zone);
        String name = original ? i.name() : i.renditionName();
        long size = original ? i.size() : i.renditionSize();
        String blob = original ? i.originalBlob() : i.renditionBlob();
        return Optional.of(new Download(name, size, blob, offset -> {
            InputStream in = blobs.open(new BlobId(blob), offset);
            return new CountingStream(in, bytes -> {
                if (offset + bytes >= size) {
                    folders.recordRead(user.name(), file, number);
                }
                audit.append(new AuditEvent(
                        AuditType.ITEM_DOWNLOADED,
                        user.name(),
                        user.role().zone().word(),
                        i.id(),
                        Map.of(
                                "name",
                                name,
                                "bytes",
                                String.valueOf(bytes),
                                "protocol",
                                "https",
                                "folder",
                                String.valueOf(v.file()),
                                "version",
                                String.valueOf(number))));
            });
        }));
    }

    @Override
    public ShareAnswer share(User user, long file, String recipient, int days, char[] password, int maxDownloads) {
        try {
            ShareLinks.Created made = links.create(
                    user.name(),
                    file,
                    recipient,
                    Duration.ofDays(days),
                    password.length == 0 ? Optional.empty() : Optional.of(password),
                    maxDownloads);
            return new ShareAnswer.Shared(
                    portalUrl.apply(jp.kakehashi.web.port.Zone.INTERNET) + "/s/" + made.token(),
                    made.link().expiresAt());
        } catch (ShareLinkRefused | FolderRefused r) {
            return new ShareAnswer.Refused(r.code(), r.japanese(), r.english());
        }
    }

    @Override
    public Answer revokeLink(User user, long link) {
        try {
            links.revoke(user.name(), link);
            return new Answer.Done(link);
        } catch (ShareLinkRefused r) {
            return new Answer.Refused(r.code(), r.japanese(), r.english());
        }
    }

    @Override
    public LinkOffer offer(String token) {
        try {
            ShareLinks.ShareLink link = links.check(token);
            Optional<Served> served = served(link.file(), link.number());
            if (served.isEmpty()) {
                return gone(ShareLinkRefused.Reason.NO_SUCH_LINK);
            }
            return new LinkOffer.Open(
                    served.get().name(),
                    served.get().size(),
                    link.expiresAt(),
                    link.maxDownloads() - link.downloads(),
                    link.passwordSet());
        } catch (ShareLinkRefused r) {
            return gone(r.reason());
        }
    }

    @Override
    public LinkDownload fetch(String token, char[] password, String from) {
        ShareLinks.Granted granted;
        try {
            granted = links.take(token, password.length == 0 ? Optional.empty() : Optional.of(password), from);
        } catch (ShareLinkRefused r) {
            return new LinkDownload.Refused(
                    r.reason().name(), r.reason().japanese(), r.reason().english());
        }
        Optional<Served> served = served(granted.link().file(), granted.link().number());
        if (served.isEmpty()) {
            ShareLinkRefused.Reason gone = ShareLinkRefused.Reason.NO_SUCH_LINK;
            return new LinkDownload.Refused(gone.name(), gone.japanese(), gone.english());
        }
        Served s = served.get();
        return new LinkDownload.Ready(
                new Download(s.name(), s.size(), s.blob(), offset -> blobs.open(new BlobId(s.blob()), offset)));
    }

    /** What a version is handed out as on the internet side: its disarmed rendition. */
    private record Served(String name, long size, String blob) {}

    private Optional<Served> served(long file, int number) {
        return folders.versions(file).stream()
                .filter(v -> v.number() == number && v.visibleIn(Zone.INTERNET))
                .findFirst()
                .flatMap(v -> items.find(v.item()))
                .map(i -> new Served(i.renditionName(), i.renditionSize(), i.renditionBlob()));
    }

    private static LinkOffer gone(ShareLinkRefused.Reason reason) {
        return new LinkOffer.Gone(reason.japanese(), reason.english());
    }

    private LinkView linkView(ShareLinks.ShareLink l) {
        Optional<ShareLinkRefused.Reason> ended = links.ended(l);
        return new LinkView(
                l.id(),
                l.number(),
                l.recipient(),
                l.createdBy(),
                l.createdAt(),
                l.expiresAt(),
                l.downloads(),
                l.maxDownloads(),
                l.passwordSet(),
                ended.isEmpty(),
                ended.map(ShareLinkRefused.Reason::japanese).orElse("有効"),
                ended.map(ShareLinkRefused.Reason::english).orElse("active"));
    }

    private FileRow row(User user, Folders.Current c) {
        Optional<VersionView> visible = c.visible().flatMap(v -> version(user, v));
        Optional<VersionView> pending = c.pending().flatMap(v -> version(user, v));
        Optional<LockView> lock = folders.lockOf(c.file().id())
                .map((FileLock l) ->
                        new LockView(l.holder(), l.until(), l.holder().equals(user.name())));
        return new FileRow(c.file().id(), c.file().name(), c.base(), visible, pending, lock);
    }

    /**
     * One version as {@code user} may see it. Why a version stopped is told to staff and to its
     * author; a partner learns only that a colleague's version did not come out.
     */
    private Optional<VersionView> version(User user, FileVersion v) {
        Optional<TransferItem> found = items.find(v.item());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TransferItem i = found.get();
        Zone zone = Zones.domain(user.role().zone());
        boolean visible = v.visibleIn(zone);
        boolean original = v.servesOriginalTo(zone) || !visible;
        ItemView item =
                views.view(i, v.author().equals(user.name()) ? Receipts.Reader.SENDER : Receipts.Reader.RECIPIENT);
        // Of a version partners may not have yet, they learn its number, author and state only.
        boolean withheld = !visible && user.role() != Role.STAFF && !v.author().equals(user.name());
        if (user.role() != Role.STAFF && !v.author().equals(user.name())) {
            item = new ItemView(
                    item.id(),
                    item.name(),
                    item.sender(),
                    item.organisation(),
                    item.from(),
                    item.to(),
                    item.size(),
                    item.stage(),
                    Optional.empty(),
                    item.receiptJa(),
                    item.receiptEn(),
                    item.removed(),
                    item.deliveredAs(),
                    item.receivedAt(),
                    item.updatedAt(),
                    item.queuePosition(),
                    Optional.empty(),
                    item.held(),
                    item.sentBy(),
                    item.sentTo(),
                    item.note());
        }
        String savedAs = original || i.renditionName() == null ? i.name() : i.renditionName();
        return Optional.of(new VersionView(
                v.number(),
                v.author(),
                Zones.web(v.zone()),
                v.createdAt(),
                v.basedOn(),
                v.restoredFrom(),
                visible,
                savedAs,
                withheld ? -1 : original ? i.size() : i.renditionSize(),
                withheld ? "" : original ? i.sha256() : i.renditionSha256(),
                item));
    }

    private static FolderView view(Folder f, FolderRole role) {
        Access access = switch (role) {
            case VIEWER -> Access.VIEW;
            case CONTRIBUTOR -> Access.ADD;
            case EDITOR -> Access.EDIT;
            case MANAGER -> Access.MANAGE;
        };
        return new FolderView(f.id(), f.name(), f.purpose(), f.department(), role.japanese(), english(role), access);
    }

    private static MemberView member(Member m) {
        return new MemberView(
                m.kind().name().toLowerCase(Locale.ROOT),
                m.who(),
                m.role().name().toLowerCase(Locale.ROOT),
                m.role().japanese(),
                english(m.role()),
                m.until());
    }

    private static String english(FolderRole role) {
        return role.name().charAt(0) + role.name().substring(1).toLowerCase(Locale.ROOT);
    }

    private static Optional<Member.Kind> kind(String kind) {
        return switch (kind) {
            case "user" -> Optional.of(Member.Kind.USER);
            case "organisation" -> Optional.of(Member.Kind.ORGANISATION);
            default -> Optional.empty();
        };
    }

    private static Optional<FolderRole> role(String role) {
        for (FolderRole r : FolderRole.values()) {
            if (r.name().equalsIgnoreCase(role)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private void refusedUpload(User user, String code, String name) {
        audit.append(new AuditEvent(
                AuditType.UPLOAD_REFUSED,
                user.name(),
                user.role().zone().word(),
                "",
                Map.of("reason", code, "name", name, "protocol", "https")));
    }

    /** A folder action, answered with what it made or changed, or with why it was refused. */
    private interface Action {
        long run();
    }

    private static Answer answer(Action action) {
        try {
            return new Answer.Done(action.run());
        } catch (FolderRefused r) {
            return new Answer.Refused(r.code(), r.japanese(), r.english());
        }
    }
}
