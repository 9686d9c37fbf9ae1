package jp.kakehashi.appliance.folders;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.LinkTokens;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Zone;

/**
 * リンクで共有: a staff member hands one version of a folder file to someone outside by a link
 * on the internet portal, instead of a mail attachment. Only a version that has already passed
 * the outbound policy (and its approval) may go out this way; the link serves that version's
 * disarmed rendition, until it expires (at most 30 days), has been downloaded as often as it
 * allows (at most 100), is revoked, or meets five wrong passwords. Every step is audited.
 */
public final class ShareLinks {
    public static final Duration MAX_VALIDITY = Duration.ofDays(30);
    public static final int MAX_DOWNLOADS = 100;
    static final int MAX_FAILURES = 5;
    private static final int MAX_RECIPIENT = 200;

    private final Transactions db;
    private final ShareLinkStore store;
    private final FolderAccess access;
    private final PasswordHasher hasher;
    private final SecureRandom random;
    private final Clock clock;

    public ShareLinks(
            Transactions db,
            ShareLinkStore store,
            FolderStore folders,
            Accounts accounts,
            PasswordHasher hasher,
            SecureRandom random,
            Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.access = new FolderAccess(folders, accounts);
        this.hasher = requireNonNull(hasher, "hasher");
        this.random = requireNonNull(random, "random");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * One link.
     *
     * @param number the version it serves
     * @param recipient whom its creator said it is for
     */
    public record ShareLink(
            long id,
            long file,
            int number,
            String recipient,
            boolean passwordSet,
            int maxDownloads,
            int downloads,
            int failures,
            String createdBy,
            Instant createdAt,
            Instant expiresAt,
            Optional<Instant> revokedAt) {
        /** Why it no longer serves, if it does not at {@code now}. */
        public Optional<ShareLinkRefused.Reason> ended(Instant now) {
            if (revokedAt.isPresent()) {
                return Optional.of(ShareLinkRefused.Reason.REVOKED);
            }
            if (!now.isBefore(expiresAt)) {
                return Optional.of(ShareLinkRefused.Reason.EXPIRED);
            }
            if (downloads >= maxDownloads) {
                return Optional.of(ShareLinkRefused.Reason.USED_UP);
            }
            if (failures >= MAX_FAILURES) {
                return Optional.of(ShareLinkRefused.Reason.LOCKED);
            }
            return Optional.empty();
        }
    }

    /** A link just made: its token goes into the URL and is shown once, to its creator. */
    public record Created(ShareLink link, String token) {}

    /** A download a link allows now (already counted): the version it serves. */
    public record Granted(ShareLink link, FileVersion version) {}

    /**
     * Makes a link to the newest version of {@code file}, which must already be allowed out.
     *
     * @throws ShareLinkRefused or {@link FolderRefused} with the reason
     */
    public Created create(
            String actor, long file, String recipient, Duration validity, Optional<char[]> password, int maxDownloads) {
        String who = recipient.strip();
        if (who.isEmpty() || who.length() > MAX_RECIPIENT) {
            throw new ShareLinkRefused(ShareLinkRefused.Reason.RECIPIENT_REQUIRED, "");
        }
        if (validity.compareTo(Duration.ofDays(1)) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new ShareLinkRefused(ShareLinkRefused.Reason.BAD_VALIDITY, validity.toDays() + "日");
        }
        if (maxDownloads < 1 || maxDownloads > MAX_DOWNLOADS) {
            throw new ShareLinkRefused(ShareLinkRefused.Reason.BAD_LIMIT, String.valueOf(maxDownloads));
        }
        Optional<String> phc;
        try {
            phc = password.map(hasher::hash);
        } catch (IllegalArgumentException tooShort) {
            throw new ShareLinkRefused(ShareLinkRefused.Reason.WEAK_PASSWORD, "");
        }
        String token = LinkTokens.newToken(random);
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            Account author = access.account(tx, actor);
            if (author.role() != Role.STAFF) {
                throw new ShareLinkRefused(ShareLinkRefused.Reason.NOT_STAFF, actor);
            }
            FolderFile f = access.fileIn(tx, file);
            FolderRole role = access.roleIn(tx, actor, f.folder(), now)
                    .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, actor));
            if (!role.allows(FolderRole.EDITOR)) {
                throw new FolderRefused(FolderRefused.Reason.ROLE_TOO_LOW, role.japanese());
            }
            FileVersion newest = UploadTargets.liveBase(access.versionsIn(tx, file))
                    .filter(v -> v.visibleIn(Zone.INTERNET))
                    .orElseThrow(() -> new ShareLinkRefused(ShareLinkRefused.Reason.NOT_RELEASED, f.name()));
            Instant expires = now.plus(validity);
            ShareLink link = store.insert(
                    tx,
                    new ShareLinkStore.NewLink(
                            LinkTokens.digest(token),
                            file,
                            newest.number(),
                            who,
                            phc,
                            maxDownloads,
                            actor,
                            now,
                            expires));
            audit(
                    tx,
                    AuditType.SHARE_LINK_CREATED,
                    actor,
                    "lgwan",
                    newest.item(),
                    Folders.data(
                            "link",
                            link.id(),
                            "folder",
                            f.folder(),
                            "file",
                            file,
                            "version",
                            newest.number(),
                            "recipient",
                            who,
                            "expires",
                            expires,
                            "max_downloads",
                            maxDownloads,
                            "password",
                            phc.isPresent()));
            return new Created(link, token);
        });
    }

    /** A file's links, newest first, for its page. */
    public List<ShareLink> of(long file) {
        return db.reading(tx -> store.ofFile(tx, file));
    }

    /** Why {@code link} no longer serves at this instant, if it does not. */
    public Optional<ShareLinkRefused.Reason> ended(ShareLink link) {
        return link.ended(Instant.now(clock));
    }

    /** Ends a link now; only its creator or a manager of its folder may. */
    public void revoke(String actor, long id) {
        Instant now = Instant.now(clock);
        db.writing(tx -> {
            ShareLink link = store.link(tx, id)
                    .orElseThrow(() -> new ShareLinkRefused(ShareLinkRefused.Reason.NO_SUCH_LINK, "#" + id));
            FolderFile f = access.fileIn(tx, link.file());
            boolean manager = access.roleIn(tx, actor, f.folder(), now)
                    .filter(r -> r == FolderRole.MANAGER)
                    .isPresent();
            if (!link.createdBy().equals(actor) && !manager) {
                throw new ShareLinkRefused(ShareLinkRefused.Reason.NOT_YOURS, "#" + id);
            }
            store.revoke(tx, id, actor, now);
            audit(tx, AuditType.SHARE_LINK_REVOKED, actor, "lgwan", "", Folders.data("link", id, "file", link.file()));
            return id;
        });
    }

    /**
     * The link behind {@code token}, if it still serves; nothing is counted.
     *
     * @throws ShareLinkRefused when it does not
     */
    public ShareLink check(String token) {
        Instant now = Instant.now(clock);
        ShareLink link = db.reading(tx -> byToken(tx, token))
                .orElseThrow(() -> new ShareLinkRefused(ShareLinkRefused.Reason.NO_SUCH_LINK, ""));
        Optional<ShareLinkRefused.Reason> ended = link.ended(now);
        if (ended.isPresent()) {
            throw new ShareLinkRefused(ended.get(), "");
        }
        return link;
    }

    /**
     * Counts one download through the link and returns what it serves; a wrong password counts
     * against the link instead. Refusals are audited with where the request came from.
     *
     * @throws ShareLinkRefused with the reason
     */
    public Granted take(String token, Optional<char[]> password, String from) {
        Instant now = Instant.now(clock);
        Optional<ShareLink> found = db.reading(tx -> byToken(tx, token));
        if (found.isEmpty()) {
            password.ifPresent(hasher::burn);
            throw refused(Optional.empty(), ShareLinkRefused.Reason.NO_SUCH_LINK, from);
        }
        ShareLink link = found.get();
        Optional<ShareLinkRefused.Reason> ended = link.ended(now);
        if (ended.isPresent()) {
            throw refused(found, ended.get(), from);
        }
        if (link.passwordSet()) {
            if (password.isEmpty() || password.get().length == 0) {
                throw new ShareLinkRefused(ShareLinkRefused.Reason.PASSWORD_NEEDED, "");
            }
            String phc = db.reading(tx -> store.passwordOf(tx, link.id())).orElse("");
            if (!hasher.verify(password.get(), phc)) {
                db.writing(tx -> {
                    store.countWrongPassword(tx, link.id());
                    return Boolean.TRUE;
                });
                throw refused(found, ShareLinkRefused.Reason.WRONG_PASSWORD, from);
            }
        }
        Optional<Granted> granted = db.writing(tx -> {
            if (!store.countDownload(tx, link.id())) {
                return Optional.<Granted>empty();
            }
            Optional<FileVersion> version = access.versionsIn(tx, link.file()).stream()
                    .filter(v -> v.number() == link.number() && v.visibleIn(Zone.INTERNET))
                    .findFirst();
            if (version.isEmpty()) {
                throw new ShareLinkRefused(ShareLinkRefused.Reason.NO_SUCH_LINK, "#" + link.id());
            }
            audit(
                    tx,
                    AuditType.SHARE_LINK_DOWNLOADED,
                    "link:" + link.id(),
                    "internet",
                    version.get().item(),
                    Folders.data(
                            "link", link.id(),
                            "file", link.file(),
                            "version", link.number(),
                            "recipient", link.recipient(),
                            "download", link.downloads() + 1,
                            "from", from));
            return Optional.of(new Granted(store.link(tx, link.id()).orElseThrow(), version.get()));
        });
        return granted.orElseThrow(() -> refused(found, ShareLinkRefused.Reason.USED_UP, from));
    }

    /** Audits a refused use of a link (in its own transaction, so it stays) and returns the refusal. */
    private ShareLinkRefused refused(Optional<ShareLink> link, ShareLinkRefused.Reason reason, String from) {
        db.writing(tx -> {
            audit(
                    tx,
                    AuditType.SHARE_LINK_REFUSED,
                    link.map(l -> "link:" + l.id()).orElse("link:?"),
                    "internet",
                    "",
                    Folders.data(
                            "reason",
                            reason.name(),
                            "link",
                            link.map(ShareLink::id).orElse(0L),
                            "from",
                            from));
            return reason;
        });
        return new ShareLinkRefused(reason, "");
    }

    private Optional<ShareLink> byToken(Tx tx, String token) {
        return token.length() == 43 ? store.withToken(tx, LinkTokens.digest(token)) : Optional.empty();
    }

    private static void audit(Tx tx, AuditType type, String actor, String zone, String item, Map<String, String> data) {
        AuditOutbox.enqueue(tx, new AuditEvent(type, actor, zone, item, data));
    }
}
