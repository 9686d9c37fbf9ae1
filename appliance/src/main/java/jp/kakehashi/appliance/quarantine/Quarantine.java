package jp.kakehashi.appliance.quarantine;

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
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.Database;

/**
 * The officers' quarantine review. Taking an original out needs a security officer, a stopped
 * file whose original is still kept, and a written reason; it is recorded with the audit event in
 * one transaction. The original is then that officer's to download for {@link #DOWNLOAD_WINDOW};
 * the file itself stays stopped.
 */
public final class Quarantine {
    public static final Duration DOWNLOAD_WINDOW = Duration.ofHours(24);
    static final int MAX_REASON = 1000;

    private final Database db;
    private final Items items;
    private final Clock clock;

    public Quarantine(Database db, Items items, Clock clock) {
        this.db = db;
        this.items = items;
        this.clock = clock;
    }

    /** The newest stopped files, newest first. */
    public List<TransferItem> stopped(int limit) {
        return items.stopped(limit);
    }

    /**
     * Takes the original of a stopped file out for {@code officer}.
     *
     * @throws QuarantineRefused with the reason, when the release is not allowed
     */
    public QuarantineRelease release(String itemId, String officer, String reason) {
        String why = reason.strip();
        if (why.isEmpty()) {
            throw new QuarantineRefused(QuarantineRefused.Reason.REASON_REQUIRED, "");
        }
        if (why.length() > MAX_REASON) {
            throw new QuarantineRefused(QuarantineRefused.Reason.REASON_TOO_LONG, why.length() + " characters");
        }
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            Optional<Account> account = Accounts.findIn(c, officer);
            if (account.isEmpty() || account.get().disabled() || account.get().role() != Role.OFFICER) {
                throw new QuarantineRefused(QuarantineRefused.Reason.NOT_OFFICER, officer);
            }
            TransferItem item = Items.findIn(c, itemId)
                    .orElseThrow(() -> new QuarantineRefused(QuarantineRefused.Reason.NO_SUCH_ITEM, itemId));
            if (item.state() != ItemState.QUARANTINED && item.state() != ItemState.BLOCKED) {
                throw new QuarantineRefused(
                        QuarantineRefused.Reason.NOT_STOPPED, item.state().name());
            }
            if (originalErasedIn(c, itemId)) {
                throw new QuarantineRefused(QuarantineRefused.Reason.ORIGINAL_ERASED, itemId);
            }
            Instant until = now.plus(DOWNLOAD_WINDOW);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO quarantine_releases (item, officer, reason, released_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, itemId);
                s.setString(2, officer);
                s.setString(3, why);
                s.setString(4, now.toString());
                s.setString(5, until.toString());
                s.executeUpdate();
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("SELECT last_insert_rowid()")) {
                ResultSet rs = s.executeQuery();
                rs.next();
                id = rs.getLong(1);
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("release", String.valueOf(id));
            data.put("reason", why);
            data.put("state", item.state().name());
            data.put("cause", item.reasonCode());
            data.put("sha256", item.sha256());
            data.put("until", until.toString());
            AuditOutbox.enqueue(c, new AuditEvent(AuditType.QUARANTINE_RELEASED, officer, "lgwan", itemId, data));
            return new QuarantineRelease(id, itemId, officer, why, now, until);
        });
    }

    /** Every release of one item, oldest first. */
    public List<QuarantineRelease> releases(String itemId) {
        return db.transaction(c -> {
            List<QuarantineRelease> out = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT * FROM quarantine_releases WHERE item = ? ORDER BY released_at, id")) {
                s.setString(1, itemId);
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    out.add(new QuarantineRelease(
                            rs.getLong("id"),
                            rs.getString("item"),
                            rs.getString("officer"),
                            rs.getString("reason"),
                            Instant.parse(rs.getString("released_at")),
                            Instant.parse(rs.getString("expires_at"))));
                }
            }
            return out;
        });
    }

    /** The officer's release of this item they may download now: still in its window, the original still kept. */
    public Optional<QuarantineRelease> downloadable(String itemId, String officer) {
        Instant now = Instant.now(clock);
        if (originalErased(itemId)) {
            return Optional.empty();
        }
        return releases(itemId).stream()
                .filter(r -> r.officer().equals(officer) && r.downloadableAt(now))
                .reduce((first, second) -> second);
    }

    public boolean originalErased(String itemId) {
        return db.transaction(c -> originalErasedIn(c, itemId));
    }

    /** Records that the officer downloaded the original (how many bytes). */
    public void downloaded(QuarantineRelease release, long bytes) {
        db.transaction(c -> {
            AuditOutbox.enqueue(
                    c,
                    new AuditEvent(
                            AuditType.QUARANTINE_DOWNLOADED,
                            release.officer(),
                            "lgwan",
                            release.item(),
                            Map.of("release", String.valueOf(release.id()), "bytes", String.valueOf(bytes))));
            return true;
        });
    }

    /** Whether the original is gone or retention has claimed it for erasure. */
    private static boolean originalErasedIn(Connection c, String itemId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT original_purged_at, original_erasing_at FROM items WHERE id = ?")) {
            s.setString(1, itemId);
            ResultSet rs = s.executeQuery();
            return !rs.next() || rs.getString(1) != null || rs.getString(2) != null;
        }
    }

    /**
     * Whether an officer's release of the item is still in its download window at {@code now}:
     * retention keeps such an original until the window closes.
     */
    public static boolean openReleaseIn(Connection c, String itemId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT expires_at FROM quarantine_releases WHERE item = ?")) {
            s.setString(1, itemId);
            return Database.rows(s, rs -> Instant.parse(rs.getString(1))).stream()
                    .anyMatch(now::isBefore);
        }
    }
}
