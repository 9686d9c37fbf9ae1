package jp.kakehashi.appliance.quarantine;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;

/**
 * The officers' quarantine review. Taking an original out needs a security officer, a stopped
 * file whose original is still kept, and a written reason; it is recorded with the audit event in
 * one transaction. The original is then that officer's to download for {@link #DOWNLOAD_WINDOW};
 * the file itself stays stopped.
 */
public final class Quarantine {
    public static final Duration DOWNLOAD_WINDOW = Duration.ofHours(24);
    static final int MAX_REASON = 1000;

    private final Transactions db;
    private final QuarantineStore store;
    private final Items items;
    private final Accounts accounts;
    private final Clock clock;

    public Quarantine(Transactions db, QuarantineStore store, Items items, Accounts accounts, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.items = requireNonNull(items, "items");
        this.accounts = requireNonNull(accounts, "accounts");
        this.clock = requireNonNull(clock, "clock");
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
        return db.writing(tx -> {
            Optional<Account> account = accounts.findIn(tx, officer);
            if (account.isEmpty() || account.get().disabled() || account.get().role() != Role.OFFICER) {
                throw new QuarantineRefused(QuarantineRefused.Reason.NOT_OFFICER, officer);
            }
            TransferItem item = items.findIn(tx, itemId)
                    .orElseThrow(() -> new QuarantineRefused(QuarantineRefused.Reason.NO_SUCH_ITEM, itemId));
            if (item.state() != ItemState.QUARANTINED && item.state() != ItemState.BLOCKED) {
                throw new QuarantineRefused(
                        QuarantineRefused.Reason.NOT_STOPPED, item.state().name());
            }
            if (originalGone(tx, itemId)) {
                throw new QuarantineRefused(QuarantineRefused.Reason.ORIGINAL_ERASED, itemId);
            }
            Instant until = now.plus(DOWNLOAD_WINDOW);
            QuarantineRelease release =
                    store.insert(tx, new QuarantineStore.NewRelease(itemId, officer, why, now, until));
            Map<String, String> data = new LinkedHashMap<>();
            data.put("release", String.valueOf(release.id()));
            data.put("reason", why);
            data.put("state", item.state().name());
            data.put("cause", item.reasonCode());
            data.put("sha256", item.sha256());
            data.put("until", until.toString());
            AuditOutbox.enqueue(tx, new AuditEvent(AuditType.QUARANTINE_RELEASED, officer, "lgwan", itemId, data));
            return release;
        });
    }

    /** Every release of one item, oldest first. */
    public List<QuarantineRelease> releases(String itemId) {
        return db.reading(tx -> store.releases(tx, itemId));
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
        return db.reading(tx -> originalGone(tx, itemId));
    }

    /** Records that the officer downloaded the original (how many bytes). */
    public void downloaded(QuarantineRelease release, long bytes) {
        db.writing(tx -> {
            AuditOutbox.enqueue(
                    tx,
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
    private boolean originalGone(Tx tx, String itemId) {
        ItemStore.Copies copies = items.copiesIn(tx, itemId);
        return copies.originalErased() || copies.originalClaimed();
    }

    /**
     * Whether an officer's release of the item is still in its download window at {@code now},
     * inside the caller's unit of work: retention keeps such an original until the window closes.
     */
    public static boolean holdsOriginal(QuarantineStore store, Tx tx, String itemId, Instant now) {
        return store.releases(tx, itemId).stream().anyMatch(r -> r.downloadableAt(now));
    }
}
