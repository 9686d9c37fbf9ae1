package jp.kakehashi.appliance.folders;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import jp.kakehashi.appliance.identity.LinkTokens;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.JdbcTx;
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

    private final Database db;
    private final FolderAccess access;
    private final PasswordHasher hasher;
    private final SecureRandom random;
    private final Clock clock;

    public ShareLinks(Database db, FolderStore folders, PasswordHasher hasher, SecureRandom random, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.access = new FolderAccess(folders);
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
        return db.transaction(c -> {
            // The share_links SQL below moves behind a port of its own next; the folder rights already are.
            Tx tx = new JdbcTx(c);
            Account author = FolderAccess.account(tx, actor);
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
            long id;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO share_links (token_sha256, file, number, recipient, password, max_downloads,"
                            + " created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                s.setString(1, LinkTokens.digest(token));
                s.setLong(2, file);
                s.setInt(3, newest.number());
                s.setString(4, who);
                s.setString(5, phc.orElse(null));
                s.setInt(6, maxDownloads);
                s.setString(7, actor);
                s.setString(8, now.toString());
                s.setString(9, expires.toString());
                s.executeUpdate();
                ResultSet keys = s.getGeneratedKeys();
                keys.next();
                id = keys.getLong(1);
            }
            audit(
                    c,
                    AuditType.SHARE_LINK_CREATED,
                    actor,
                    "lgwan",
                    newest.item(),
                    Folders.data(
                            "link", id,
                            "folder", f.folder(),
                            "file", file,
                            "version", newest.number(),
                            "recipient", who,
                            "expires", expires,
                            "max_downloads", maxDownloads,
                            "password", phc.isPresent()));
            return new Created(find(c, id).orElseThrow(), token);
        });
    }

    /** A file's links, newest first, for its page. */
    public List<ShareLink> of(long file) {
        return db.read(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT * FROM share_links WHERE file = ? ORDER BY id DESC")) {
                s.setLong(1, file);
                return Database.rows(s, ShareLinks::link);
            }
        });
    }

    /** Why {@code link} no longer serves at this instant, if it does not. */
    public Optional<ShareLinkRefused.Reason> ended(ShareLink link) {
        return link.ended(Instant.now(clock));
    }

    /** Ends a link now; only its creator or a manager of its folder may. */
    public void revoke(String actor, long id) {
        Instant now = Instant.now(clock);
        db.transaction(c -> {
            ShareLink link =
                    find(c, id).orElseThrow(() -> new ShareLinkRefused(ShareLinkRefused.Reason.NO_SUCH_LINK, "#" + id));
            Tx tx = new JdbcTx(c);
            FolderFile f = access.fileIn(tx, link.file());
            boolean manager = access.roleIn(tx, actor, f.folder(), now)
                    .filter(r -> r == FolderRole.MANAGER)
                    .isPresent();
            if (!link.createdBy().equals(actor) && !manager) {
                throw new ShareLinkRefused(ShareLinkRefused.Reason.NOT_YOURS, "#" + id);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE share_links SET revoked_by = ?, revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                s.setString(1, actor);
                s.setString(2, now.toString());
                s.setLong(3, id);
                s.executeUpdate();
            }
            audit(c, AuditType.SHARE_LINK_REVOKED, actor, "lgwan", "", Folders.data("link", id, "file", link.file()));
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
        ShareLink link = db.read(c -> byToken(c, token))
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
        Optional<ShareLink> found = db.read(c -> byToken(c, token));
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
            String phc = db.read(c -> phc(c, link.id()));
            if (!hasher.verify(password.get(), phc)) {
                db.transaction(c -> {
                    try (PreparedStatement s =
                            c.prepareStatement("UPDATE share_links SET failures = failures + 1 WHERE id = ?")) {
                        s.setLong(1, link.id());
                        return s.executeUpdate();
                    }
                });
                throw refused(found, ShareLinkRefused.Reason.WRONG_PASSWORD, from);
            }
        }
        Optional<Granted> granted = db.transaction(c -> {
            // Counted only while under the limit, so two downloads at once cannot both take the last one.
            try (PreparedStatement s = c.prepareStatement("UPDATE share_links SET downloads = downloads + 1"
                    + " WHERE id = ? AND downloads < max_downloads AND revoked_at IS NULL")) {
                s.setLong(1, link.id());
                if (s.executeUpdate() == 0) {
                    return Optional.<Granted>empty();
                }
            }
            Optional<FileVersion> version = access.versionsIn(new JdbcTx(c), link.file()).stream()
                    .filter(v -> v.number() == link.number() && v.visibleIn(Zone.INTERNET))
                    .findFirst();
            if (version.isEmpty()) {
                throw new ShareLinkRefused(ShareLinkRefused.Reason.NO_SUCH_LINK, "#" + link.id());
            }
            audit(
                    c,
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
            return Optional.of(new Granted(find(c, link.id()).orElseThrow(), version.get()));
        });
        return granted.orElseThrow(() -> refused(found, ShareLinkRefused.Reason.USED_UP, from));
    }

    /** Audits a refused use of a link (in its own transaction, so it stays) and returns the refusal. */
    private ShareLinkRefused refused(Optional<ShareLink> link, ShareLinkRefused.Reason reason, String from) {
        db.transaction(c -> {
            audit(
                    c,
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

    private static Optional<ShareLink> byToken(Connection c, String token) throws SQLException {
        if (token.length() != 43) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM share_links WHERE token_sha256 = ?")) {
            s.setString(1, LinkTokens.digest(token));
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(link(rs)) : Optional.empty();
        }
    }

    private static Optional<ShareLink> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM share_links WHERE id = ?")) {
            s.setLong(1, id);
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(link(rs)) : Optional.empty();
        }
    }

    private static String phc(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT password FROM share_links WHERE id = ?")) {
            s.setLong(1, id);
            ResultSet rs = s.executeQuery();
            String phc = rs.next() ? rs.getString(1) : null;
            return phc == null ? "" : phc;
        }
    }

    private static ShareLink link(ResultSet rs) throws SQLException {
        String revoked = rs.getString("revoked_at");
        return new ShareLink(
                rs.getLong("id"),
                rs.getLong("file"),
                rs.getInt("number"),
                rs.getString("recipient"),
                rs.getString("password") != null,
                rs.getInt("max_downloads"),
                rs.getInt("downloads"),
                rs.getInt("failures"),
                rs.getString("created_by"),
                Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("expires_at")),
                revoked == null ? Optional.empty() : Optional.of(Instant.parse(revoked)));
    }

    private static void audit(
            Connection c, AuditType type, String actor, String zone, String item, Map<String, String> data)
            throws SQLException {
        AuditOutbox.enqueue(c, new AuditEvent(type, actor, zone, item, data));
    }
}
