package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.CoverNote;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.Retrying;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.appliance.transfer.Drop;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.FileSanitizer;
import jp.kakehashi.sanitizer.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transfer items through their {@link Stage}s with a bounded pool of workers, persisting and
 * auditing each stage's {@link StageOutcome} before the next begins. Items come from {@link
 * #receive} (an upload that completed) and, after a restart, from the store: every item not in a
 * final state is resumed from the state it was left in. A step that cannot run for a reason
 * outside the file holds the item with back-off; nothing skips a step.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Database db;
    private final Items items;
    private final BlobStore blobs;
    private final FileSanitizer sanitizer;
    private final AuditLog audit;
    private final Indexer indexer;
    private final Path work;
    private final Clock clock;
    private final SecureRandom random;
    private final StageHook hook;
    private final int workers;
    private final Stages stages;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    private final Semaphore wakeUp = new Semaphore(0);
    private final ExecutorService pool;
    private volatile boolean running;

    /**
     * @param groups the groups an account belongs to, for rules that name senders by group
     * @param folders what the pipeline needs to know of the shared folder a version belongs to
     */
    public Pipeline(
            Database db,
            Items items,
            Approvals approvals,
            Function<String, Set<String>> groups,
            FolderDirectory folders,
            BlobStore blobs,
            FileSanitizer sanitizer,
            ClamdClient clamd,
            Supplier<Policy> policy,
            SearchIndex index,
            AuditLog audit,
            Path work,
            Clock clock,
            SecureRandom random,
            int workers,
            StageHook hook) {
        this.db = requireNonNull(db, "db");
        this.items = requireNonNull(items, "items");
        this.blobs = requireNonNull(blobs, "blobs");
        this.sanitizer = requireNonNull(sanitizer, "sanitizer");
        this.audit = requireNonNull(audit, "audit");
        this.work = requireNonNull(work, "work");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
        this.hook = requireNonNull(hook, "hook");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        this.workers = workers;
        Decider decider = new Decider(groups, folders);
        this.indexer = new Indexer(index, folders);
        this.stages = Stages.of(items, approvals, decider, indexer, blobs, sanitizer, clamd, policy, audit, clock);
        this.pool = Executors.newFixedThreadPool(
                workers, Thread.ofPlatform().name("pipeline-", 1).daemon().factory());
    }

    /** Resumes unfinished items and starts the workers. */
    public void start() {
        try {
            Files.createDirectories(work);
            // Plaintext left by a stop in the middle of an item (work dirs, parser scratch files).
            try (var stale = Files.walk(work)) {
                for (Path p : stale.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(work)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the work directory " + work, e);
        }
        int unfinished = items.unfinished();
        if (unfinished > 0) {
            audit.append(AuditEvent.system(AuditType.RECOVERY, Map.of("unfinished", String.valueOf(unfinished))));
            log.info("resuming {} unfinished item(s)", unfinished);
        }
        running = true;
        for (int i = 0; i < workers; i++) {
            pool.execute(this::workLoop);
        }
    }

    /** Records a completed upload as a new item and wakes a worker. Returns the item. */
    public TransferItem receive(Drop drop, String sender, String zone, String name, StoredBlob blob) {
        return receive(drop, sender, zone, name, blob, Optional.empty());
    }

    /** {@link #receive}, with what the sender wrote with the file for its recipients. */
    public TransferItem receive(
            Drop drop, String sender, String zone, String name, StoredBlob blob, Optional<CoverNote> note) {
        String id = received(drop.flow(), sender, zone, drop.organisation(), name, blob, addressee(drop));
        TransferItem item = items.insertReceived(
                id, drop.flow(), sender, drop.organisation(), drop.department(), drop.recipient(), name, blob, note);
        wake(id);
        return item;
    }

    /**
     * Records, inside the caller's transaction, a completed upload that is a new version in a
     * shared folder; the caller calls {@link #wake} once that transaction has committed.
     */
    public TransferItem receiveIn(
            Tx tx,
            Flow flow,
            String sender,
            String zone,
            String organisation,
            String name,
            StoredBlob blob,
            long folder) {
        String id = received(flow, sender, zone, organisation, name, blob, Map.of("folder", Long.toString(folder)));
        return items.insertReceivedIn(tx, id, flow, sender, organisation, name, blob, folder);
    }

    /** Whom a drop names, for its ITEM_RECEIVED record. */
    private static Map<String, String> addressee(Drop drop) {
        Map<String, String> m = new LinkedHashMap<>();
        drop.department().ifPresent(d -> m.put("department", d));
        drop.recipient().ifPresent(r -> m.put("recipient", r));
        return m;
    }

    /** Starts work on an item whose row has been committed. */
    public void wake(String id) {
        hook.persisted(id, ItemState.RECEIVED);
        wakeUp.release(workers);
    }

    /** Audits a received file before its row is written, so no item exists unrecorded; returns its new id. */
    private String received(
            Flow flow,
            String sender,
            String zone,
            String organisation,
            String name,
            StoredBlob blob,
            Map<String, String> more) {
        String id = newId();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("flow", flow.toString());
        data.put("name", name);
        data.put("organisation", organisation);
        data.put("size", String.valueOf(blob.size()));
        data.put("sha256", blob.sha256());
        data.putAll(more);
        audit.append(new AuditEvent(AuditType.ITEM_RECEIVED, sender, zone, id, data));
        return id;
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Takes due items until none is left, then sleeps until woken (or a second, for held items
     * whose wait ran out). A worker that changed an item looks again at once: sleeping after every
     * batch left a worker idle for up to a second while a burst was still queued.
     */
    private void workLoop() {
        boolean changed = false;
        while (running) {
            if (!changed) {
                try {
                    wakeUp.tryAcquire(1, TimeUnit.SECONDS);
                    wakeUp.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            changed = false;
            for (String id : items.due(16)) {
                if (!running) {
                    return;
                }
                if (inProgress.add(id)) {
                    try {
                        changed |= process(id);
                    } catch (RuntimeException e) {
                        failed(id, e);
                    } finally {
                        inProgress.remove(id);
                    }
                }
            }
        }
    }

    /**
     * Infrastructure failed under a step (disk, database, a worker): the item is held with the
     * reason shown to its sender and tried again later and later, never given up on.
     */
    private void failed(String id, RuntimeException e) {
        TransferItem item;
        try {
            item = items.find(id).orElseThrow();
        } catch (RuntimeException again) {
            // The database itself is failing: the item stays due and the loop comes back to it.
            log.error("item {} failed at a step and cannot be held: {}", id, again.toString(), e);
            return;
        }
        log.error("item {} failed at a step in {}", id, item.state(), e);
        try {
            // The class too: a bare message can be empty.
            hold(item, new StageOutcome.Held(Retrying.Reason.INTERNAL_ERROR, String.valueOf(e)));
        } catch (RuntimeException again) {
            log.error("item {} could not be held: {}", id, again.toString());
        }
    }

    /**
     * Runs an item's steps until it is final or has to wait; true when anything about it changed
     * (it moved, stopped, was held or began to wait), false when it was found still waiting.
     */
    private boolean process(String id) {
        boolean changed = false;
        try (Workspace ws = new Workspace(work, id, blobs)) {
            while (running) {
                TransferItem item = items.find(id).orElseThrow();
                if (item.state().terminal()) {
                    return changed;
                }
                hook.starting(id, item.state());
                StageOutcome outcome = stages.forItem(item).run(item, ws);
                changed |= !(outcome instanceof StageOutcome.Waiting w
                        && w.reached().isEmpty());
                if (!persist(item, outcome)) {
                    return changed;
                }
            }
        }
        return changed;
    }

    /** Persists and audits what a stage found; true when the item moved on and the next step may follow at once. */
    private boolean persist(TransferItem item, StageOutcome outcome) {
        return switch (outcome) {
            case StageOutcome.Moved m -> move(item, m);
            case StageOutcome.Stopped s -> stop(item, s);
            case StageOutcome.Held h -> {
                hold(item, h);
                yield false;
            }
            case StageOutcome.Waiting w -> {
                w.reached().ifPresent(state -> hook.persisted(item.id(), state));
                yield false;
            }
        };
    }

    /** The move and its record commit together, so a crash can neither leave a move unrecorded nor, when the step is redone after a restart, record it twice (ATTACKS F-06). */
    private boolean move(TransferItem item, StageOutcome.Moved m) {
        Map<String, String> details = new LinkedHashMap<>(m.details());
        details.put("from", item.state().name());
        boolean moved = db.writing(tx -> {
            if (!items.advanceIn(tx, item.id(), item.state(), m.to(), m.facts())) {
                return false;
            }
            AuditOutbox.enqueue(tx, new AuditEvent(m.type(), "system", "", item.id(), details));
            return true;
        });
        audit.drain(db);
        if (moved) {
            hook.persisted(item.id(), m.to());
        }
        return moved;
    }

    private boolean stop(TransferItem item, StageOutcome.Stopped s) {
        boolean quarantined = s.verdict() == Verdict.QUARANTINED;
        move(
                item,
                new StageOutcome.Moved(
                        quarantined ? ItemState.QUARANTINED : ItemState.BLOCKED,
                        new StepFacts.Stopped(s.code(), s.detail(), s.rules()),
                        quarantined ? AuditType.ITEM_QUARANTINED : AuditType.ITEM_BLOCKED,
                        Map.of("reason", s.code(), "detail", s.detail(), "rules", s.rules())));
        log.info("item {} {}: {} ({})", item.id(), quarantined ? "quarantined" : "blocked", s.code(), s.detail());
        return false;
    }

    /**
     * Holds an item (保留) whose step cannot run now: counted, backed off up to the reason's
     * longest wait, shown to its sender with the reason; the first of a run of holds is audited
     * with the detail.
     */
    private void hold(TransferItem item, StageOutcome.Held held) {
        int attempts = Retrying.attemptFor(item.retrying(), item.attempts(), held.reason());
        Duration wait = held.reason().waitAfter(attempts);
        if (attempts == 1) {
            audit.append(
                    held.reason() == Retrying.Reason.SCANNER_UNAVAILABLE
                            ? new AuditEvent(
                                    AuditType.SCAN_DEFERRED, "system", "", item.id(), Map.of("detail", held.detail()))
                            : new AuditEvent(
                                    AuditType.ITEM_HELD,
                                    "system",
                                    "",
                                    item.id(),
                                    Map.of("state", item.state().name(), "detail", held.detail())));
        }
        log.warn(
                "item {} held ({}: {}); next try in {} s (attempt {})",
                item.id(),
                held.reason(),
                held.detail(),
                wait.toSeconds(),
                attempts);
        items.defer(
                item.id(),
                attempts,
                new Retrying(held.reason(), Instant.now(clock).plus(wait)));
    }

    /**
     * Puts an item back into the search index as its steps did (after a restore: a backup holds
     * no index). False when the item is not one the index holds.
     */
    public boolean reindex(String id) {
        // Read now, not from a list taken earlier: retention may have withdrawn it meanwhile.
        TransferItem item = items.find(id).orElse(null);
        if (item == null || !Indexer.searchable(item) || item.renditionBlob().isEmpty()) {
            return false;
        }
        try (Workspace ws = new Workspace(work, "reindex-" + item.id(), blobs)) {
            indexer.put(item, sanitizer.extractText(ws.rendition(item), item.renditionType()));
        }
        return true;
    }

    /** True when no item is waiting for a step (for tests and graceful stop). */
    public boolean idle() {
        return items.unfinished() == 0 && inProgress.isEmpty();
    }

    public Optional<TransferItem> item(String id) {
        return items.find(id);
    }

    @Override
    public void close() {
        running = false;
        wakeUp.release(workers);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
