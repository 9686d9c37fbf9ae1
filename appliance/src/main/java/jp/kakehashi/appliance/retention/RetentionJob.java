package jp.kakehashi.appliance.retention;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.quarantine.Quarantine;
import jp.kakehashi.appliance.quarantine.QuarantineStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.Retention;
import org.slf4j.LoggerFactory;

/**
 * Enforces each item's retention (recorded from its decision's rules, else the policy's default):
 *
 * <ol>
 *   <li>a published rendition past {@code published} is withdrawn ({@code EXPIRED}): it leaves its
 *       recipients' folders at once, then its text leaves the index and its bytes are erased;
 *   <li>a finished item past {@code originals} (counted from receipt) has its original erased, and
 *       with it a rendition that was never published.
 * </ol>
 *
 * A shared folder's files are kept whole: the version a member sees now (on either side) is
 * passed over until a newer one replaces it, and then ages out like any other file.
 *
 * <p>An original is claimed before its bytes go, in one transaction with the check that no
 * officer's release of it is open; a claimed original cannot be released (ATTACKS F-16).
 *
 * <p>Bytes are erased before the erasure is recorded, so a crash in between repeats an idempotent
 * delete instead of leaving bytes the record says are gone. Each removal is audited in the same
 * transaction as its record.
 */
public final class RetentionJob {
    private static final String SYSTEM = "retention";

    private final Transactions db;
    private final RetentionStore store;
    private final Items items;
    private final BlobStore blobs;
    private final SearchIndex index;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final Predicate<String> current;
    private final QuarantineStore quarantine;

    /**
     * @param current whether an item is the version a shared folder's members see now
     * @param quarantine the officers' releases, which keep an original until their window closes
     */
    public RetentionJob(
            Transactions db,
            RetentionStore store,
            Items items,
            BlobStore blobs,
            SearchIndex index,
            Supplier<Policy> policy,
            Clock clock,
            Predicate<String> current,
            QuarantineStore quarantine) {
        this.current = requireNonNull(current, "current");
        this.quarantine = requireNonNull(quarantine, "quarantine");
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.items = requireNonNull(items, "items");
        this.blobs = requireNonNull(blobs, "blobs");
        this.index = requireNonNull(index, "index");
        this.policy = requireNonNull(policy, "policy");
        this.clock = requireNonNull(clock, "clock");
    }

    /** What one {@link #sweep} removed. */
    public record Sweep(int withdrawn, int renditionsErased, int originalsErased) {}

    /** The stored facts of one item that retention needs. */
    /** {@link #sweep}, logging what it erased: the scheduled job's step. */
    public void sweepAndLog() {
        Sweep sweep = sweep();
        if (sweep.withdrawn() + sweep.renditionsErased() + sweep.originalsErased() > 0) {
            LoggerFactory.getLogger(RetentionJob.class)
                    .info(
                            "retention: {} published files withdrawn, {} renditions and {} originals erased",
                            sweep.withdrawn(),
                            sweep.renditionsErased(),
                            sweep.originalsErased());
        }
    }

    public Sweep sweep() {
        Instant now = Instant.now(clock);
        Retention defaults = policy.get().retention();
        int withdrawn = 0;
        int renditions = 0;
        int originals = 0;
        for (RetentionStore.Kept r : db.reading(store::published)) {
            Duration keep = r.retainPublished().orElse(defaults.published());
            if (r.publishedAt().isPresent()
                    && !now.isBefore(r.publishedAt().get().plus(keep))
                    && !current.test(r.id())
                    && withdraw(r, keep, now)) {
                withdrawn++;
            }
        }
        // Also finishes a withdrawal that a crash interrupted.
        for (RetentionStore.Kept r : db.reading(store::withdrawnWithRendition)) {
            eraseRendition(r, now);
            renditions++;
        }
        for (RetentionStore.Kept r : db.reading(store::finishedWithOriginal)) {
            Duration keep = r.retainOriginals().orElse(defaults.originals());
            if (!now.isBefore(r.receivedAt().plus(keep)) && !current.test(r.id()) && claimOriginal(r, now)) {
                if (r.state() != ItemState.PUBLISHED
                        && !r.renditionErased()
                        && !r.renditionBlob().isEmpty()) {
                    eraseRendition(r, now);
                    renditions++;
                }
                eraseOriginal(r, keep, now);
                originals++;
            }
        }
        return new Sweep(withdrawn, renditions, originals);
    }

    private boolean withdraw(RetentionStore.Kept r, Duration keep, Instant now) {
        return db.writing(tx -> {
            if (!items.advanceIn(tx, r.id(), ItemState.PUBLISHED, ItemState.EXPIRED, new StepFacts.None())) {
                return false;
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("publishedAt", r.publishedAt().map(Instant::toString).orElse(""));
            data.put("keptFor", keep.toString());
            data.put("from", ItemState.PUBLISHED.name());
            AuditOutbox.enqueue(tx, new AuditEvent(AuditType.ITEM_EXPIRED, SYSTEM, "", r.id(), data));
            return true;
        });
    }

    /**
     * Claims the original for erasure, unless an officer's release of it is open: the release
     * keeps it until its download window closes. A claim left by a crash is taken again.
     */
    private boolean claimOriginal(RetentionStore.Kept r, Instant now) {
        return db.writing(
                tx -> !Quarantine.holdsOriginal(quarantine, tx, r.id(), now) && store.claimOriginal(tx, r.id(), now));
    }

    private void eraseRendition(RetentionStore.Kept r, Instant now) {
        index.delete(r.id());
        delete(r.renditionBlob());
        db.writing(tx -> {
            if (store.renditionErased(tx, r.id(), now)) {
                purged(tx, r, Map.of("copy", "rendition", "sha256", r.renditionSha256()));
            }
            return Boolean.TRUE;
        });
    }

    private void eraseOriginal(RetentionStore.Kept r, Duration keep, Instant now) {
        delete(r.originalBlob());
        db.writing(tx -> {
            if (store.originalErased(tx, r.id(), now)) {
                purged(tx, r, Map.of("copy", "original", "sha256", r.sha256(), "keptFor", keep.toString()));
            }
            return Boolean.TRUE;
        });
    }

    /** Audits a copy gone, once: a repeated sweep after a crash records nothing new. */
    private static void purged(Tx tx, RetentionStore.Kept r, Map<String, String> audit) {
        AuditOutbox.enqueue(tx, new AuditEvent(AuditType.RETENTION_PURGED, SYSTEM, "", r.id(), audit));
    }

    private void delete(String blob) {
        if (blob.isEmpty()) {
            return;
        }
        try {
            blobs.delete(new BlobId(blob));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot erase blob " + blob, e);
        }
    }
}
