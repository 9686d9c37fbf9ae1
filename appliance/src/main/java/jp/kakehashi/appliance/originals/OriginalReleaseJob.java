package jp.kakehashi.appliance.originals;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.ApprovalState;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.Sha256;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.ScanOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's half of 原本取り出し: moves each request for an original on once its approvals are
 * decided, scans approved originals again before anyone receives them, and withdraws released
 * ones when their time runs out. Runs on one thread of the daemon only.
 */
public final class OriginalReleaseJob {
    private static final Logger log = LoggerFactory.getLogger(OriginalReleaseJob.class);
    private static final String SYSTEM = "system";

    private final Transactions db;
    private final OriginalStore store;
    private final Items items;
    private final Approvals approvals;
    private final BlobStore blobs;
    private final ClamdClient clamd;
    private final Clock clock;

    public OriginalReleaseJob(
            Transactions db,
            OriginalStore store,
            Items items,
            Approvals approvals,
            BlobStore blobs,
            ClamdClient clamd,
            Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.items = requireNonNull(items, "items");
        this.approvals = requireNonNull(approvals, "approvals");
        this.blobs = requireNonNull(blobs, "blobs");
        this.clamd = requireNonNull(clamd, "clamd");
        this.clock = requireNonNull(clock, "clock");
    }

    /** What one {@link #sweep} did. */
    public record Sweep(int approved, int released, int refused, int withdrawn, int deferred) {
        public boolean any() {
            return approved + released + refused + withdrawn + deferred > 0;
        }
    }

    /**
     * Moves every open request one step: those whose approvals are all given become approved,
     * those rejected or expired are refused; approved ones are scanned again and released (or
     * refused); released ones past their time, or whose original was erased, are withdrawn. An
     * unavailable scanner leaves an approved request waiting: nothing is released unscanned.
     */
    /** {@link #sweep}, logging what moved: the scheduled job's step. */
    public void sweepAndLog() {
        Sweep sweep = sweep();
        if (sweep.any()) {
            log.info(
                    "originals (原本取り出し): {} approved, {} released after a clean re-scan, {} refused,"
                            + " {} withdrawn, {} waiting for the scanner",
                    sweep.approved(),
                    sweep.released(),
                    sweep.refused(),
                    sweep.withdrawn(),
                    sweep.deferred());
        }
    }

    public Sweep sweep() {
        Map<Step, Integer> counts = new EnumMap<>(Step.class);
        db.writing(tx -> {
            Instant now = Instant.now(clock);
            for (OriginalRequest r : store.inState(tx, OriginalState.REQUESTED)) {
                counts.merge(decide(tx, r, now), 1, Integer::sum);
            }
            return Boolean.TRUE;
        });
        for (OriginalRequest r : db.reading(tx -> store.inState(tx, OriginalState.APPROVED))) {
            counts.merge(rescan(r), 1, Integer::sum);
        }
        db.writing(tx -> {
            Instant now = Instant.now(clock);
            for (OriginalRequest r : store.inState(tx, OriginalState.RELEASED)) {
                if (items.copiesIn(tx, r.item()).originalErased()) {
                    end(tx, r, OriginalState.WITHDRAWN, OriginalOutcome.ORIGINAL_ERASED, "", now);
                    counts.merge(Step.WITHDRAWN, 1, Integer::sum);
                } else if (!now.isBefore(r.availableUntil().orElse(now))) {
                    end(tx, r, OriginalState.WITHDRAWN, OriginalOutcome.TIME_UP, "", now);
                    counts.merge(Step.WITHDRAWN, 1, Integer::sum);
                }
            }
            return Boolean.TRUE;
        });
        return new Sweep(
                counts.getOrDefault(Step.APPROVED, 0),
                counts.getOrDefault(Step.RELEASED, 0),
                counts.getOrDefault(Step.REFUSED, 0),
                counts.getOrDefault(Step.WITHDRAWN, 0),
                counts.getOrDefault(Step.DEFERRED, 0));
    }

    /** What one step did to one request. */
    private enum Step {
        NONE,
        APPROVED,
        RELEASED,
        REFUSED,
        WITHDRAWN,
        DEFERRED
    }

    /**
     * Moves one requested original on by its approvals: refused when one was rejected or expired
     * (or its original is gone), approved when all were given, left waiting otherwise.
     */
    private Step decide(Tx tx, OriginalRequest r, Instant now) {
        if (items.copiesIn(tx, r.item()).originalErased()) {
            approvals.voidForOriginalIn(tx, r.id(), r.item(), OriginalOutcome.ORIGINAL_ERASED.name(), now);
            end(tx, r, OriginalState.REFUSED, OriginalOutcome.ORIGINAL_ERASED, "", now);
            return Step.REFUSED;
        }
        List<ApprovalRequest> requests = approvals.forOriginalIn(tx, r.id());
        Optional<ApprovalRequest> rejected = requests.stream()
                .filter(a -> a.state() == ApprovalState.REJECTED)
                .findFirst();
        if (rejected.isPresent()) {
            String comment = rejected.get().votes().stream()
                    .filter(v -> !v.approve())
                    .map(v -> v.comment() + " (" + v.approver() + ")")
                    .findFirst()
                    .orElse("");
            end(tx, r, OriginalState.REFUSED, OriginalOutcome.APPROVAL_REJECTED, comment, now);
            return Step.REFUSED;
        }
        if (requests.stream().anyMatch(a -> a.state() == ApprovalState.EXPIRED || a.state() == ApprovalState.VOID)) {
            end(tx, r, OriginalState.REFUSED, OriginalOutcome.APPROVAL_EXPIRED, "", now);
            return Step.REFUSED;
        }
        if (requests.isEmpty() || requests.stream().anyMatch(a -> a.state() != ApprovalState.APPROVED)) {
            return Step.NONE;
        }
        return store.approve(tx, r.id()) ? Step.APPROVED : Step.NONE;
    }

    /**
     * Scans the original again, hashing the very bytes the scanner reads; releases it only when
     * clamd says a plain clean and the hash is the one received (and approved).
     */
    private Step rescan(OriginalRequest r) {
        TransferItem item = items.find(r.item()).orElseThrow();
        ScanOutcome outcome;
        String sha256;
        MessageDigest digest = Sha256.digest();
        try (InputStream in = new DigestInputStream(blobs.open(new BlobId(item.originalBlob())), digest)) {
            outcome = clamd.scan(in);
            // The scanner may stop reading at a verdict; the hash covers every byte all the same.
            in.transferTo(OutputStream.nullOutputStream());
            sha256 = Sha256.hex(digest);
        } catch (IOException e) {
            return refuse(r, OriginalOutcome.ORIGINAL_CHANGED, "cannot be read intact: " + e.getMessage());
        }
        return switch (outcome) {
            case ScanOutcome.Clean clean ->
                sha256.equals(item.sha256())
                        ? release(r, sha256)
                        : refuse(
                                r,
                                OriginalOutcome.ORIGINAL_CHANGED,
                                "SHA-256 " + sha256 + ", received " + item.sha256());
            case ScanOutcome.Infected infected -> refuse(r, OriginalOutcome.RESCAN_INFECTED, infected.signature());
            case ScanOutcome.Encrypted encrypted ->
                refuse(r, OriginalOutcome.RESCAN_UNSCANNABLE, encrypted.signature());
            case ScanOutcome.Unscannable unscannable ->
                refuse(r, OriginalOutcome.RESCAN_UNSCANNABLE, unscannable.clamdReply());
            case ScanOutcome.Unavailable unavailable -> {
                log.warn(
                        "scanner unavailable ({}); original request #{} waits for its re-scan",
                        unavailable.detail(),
                        r.id());
                yield Step.DEFERRED;
            }
        };
    }

    private Step release(OriginalRequest r, String sha256) {
        return db.writing(tx -> {
            Instant now = Instant.now(clock);
            Instant until = now.plus(r.availableFor());
            if (!store.release(tx, r.id(), now, until)) {
                return Step.NONE;
            }
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.ORIGINAL_RELEASED,
                            SYSTEM,
                            "lgwan",
                            r.item(),
                            Map.of(
                                    "request", String.valueOf(r.id()),
                                    "to", r.requester(),
                                    "rescan", "clean",
                                    "sha256", sha256,
                                    "availableUntil", until.toString())));
            return Step.RELEASED;
        });
    }

    private Step refuse(OriginalRequest r, OriginalOutcome outcome, String detail) {
        return db.writing(tx -> {
            end(tx, r, OriginalState.REFUSED, outcome, detail, Instant.now(clock));
            return Step.REFUSED;
        });
    }

    /** Ends a request with its outcome, once (a request already ended stays as it was). */
    private void end(
            Tx tx, OriginalRequest r, OriginalState state, OriginalOutcome outcome, String detail, Instant now) {
        if (!store.end(tx, r.id(), r.state(), state, outcome, detail, now)) {
            return;
        }
        AuditOutbox.enqueue(
                tx,
                new AuditEvent(
                        state == OriginalState.WITHDRAWN ? AuditType.ORIGINAL_WITHDRAWN : AuditType.ORIGINAL_REFUSED,
                        SYSTEM,
                        "lgwan",
                        r.item(),
                        Map.of(
                                "request", String.valueOf(r.id()),
                                "to", r.requester(),
                                "outcome", outcome.name(),
                                "detail", detail)));
    }
}
