package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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
import java.util.function.UnaryOperator;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.ApprovalState;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.Retrying;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.Sha256;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Approval;
import jp.kakehashi.policies.ContentFacts;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Party;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyReason;
import jp.kakehashi.policies.RuleId;
import jp.kakehashi.policies.Settings;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.policies.dlp.DlpScanner;
import jp.kakehashi.policies.imports.ImportRefused;
import jp.kakehashi.policies.imports.ImportRewriter;
import jp.kakehashi.policies.imports.ImportSchema;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.FileSanitizer;
import jp.kakehashi.sanitizer.Removal;
import jp.kakehashi.sanitizer.ResourceLimitException;
import jp.kakehashi.sanitizer.ScanOutcome;
import jp.kakehashi.sanitizer.Verdict;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves transfer items through their states with a bounded pool of workers. Items come from
 * {@link #receive} (an upload that completed) and, after a restart, from the store: every item
 * not in a final state is resumed from the state it was left in. A scanner that is down or slow
 * postpones the item with back-off; nothing skips the scan.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    /**
     * Attempts that ended with clamd gone in the middle of the file before the file is quarantined
     * (SCANNER_CRASH); counted with the item's other attempts, so a file that waited out an outage
     * gets there sooner.
     */
    private static final int SCANNER_DROPS_BEFORE_QUARANTINE = 3;

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** The organisation policy names the municipality by ({@code org:city}). */
    private static final String CITY = "city";

    private final Database db;
    private final Items items;
    private final Approvals approvals;
    private final Function<String, Set<String>> groups;
    private final FolderDirectory folders;
    private final BlobStore blobs;
    private final FileSanitizer sanitizer;
    private final ClamdClient clamd;
    private final Supplier<Policy> policy;
    private final SearchIndex index;
    private final AuditLog audit;
    private final Path work;
    private final Clock clock;
    private final SecureRandom random;
    private final StageHook hook;
    private final int workers;
    private final ObjectMapper json = new ObjectMapper();
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
        this.approvals = requireNonNull(approvals, "approvals");
        this.groups = requireNonNull(groups, "groups");
        this.folders = requireNonNull(folders, "folders");
        this.blobs = requireNonNull(blobs, "blobs");
        this.sanitizer = requireNonNull(sanitizer, "sanitizer");
        this.clamd = requireNonNull(clamd, "clamd");
        this.policy = requireNonNull(policy, "policy");
        this.index = requireNonNull(index, "index");
        this.audit = requireNonNull(audit, "audit");
        this.work = requireNonNull(work, "work");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
        this.hook = requireNonNull(hook, "hook");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        this.workers = workers;
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
    public TransferItem receive(
            Flow flow, String sender, String zone, String organisation, String name, StoredBlob blob) {
        String id = received(flow, sender, zone, organisation, name, blob, Map.of());
        TransferItem item = items.insertReceived(id, flow, sender, organisation, name, blob);
        wake(id);
        return item;
    }

    /**
     * Records, inside the caller's transaction, a completed upload that is a new version in a
     * shared folder; the caller calls {@link #wake} once that transaction has committed.
     */
    public TransferItem receiveIn(
            Connection c,
            Flow flow,
            String sender,
            String zone,
            String organisation,
            String name,
            StoredBlob blob,
            long folder)
            throws SQLException {
        String id = received(flow, sender, zone, organisation, name, blob, Map.of("folder", Long.toString(folder)));
        return items.insertReceivedIn(c, id, flow, sender, organisation, name, blob, folder);
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

    private void workLoop() {
        while (running) {
            try {
                wakeUp.tryAcquire(1, TimeUnit.SECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (String id : items.due(16)) {
                if (!running) {
                    return;
                }
                if (inProgress.add(id)) {
                    try {
                        process(id);
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
     * reason shown to its sender and tried again later and later, never given up on; the first
     * failure of a run of them is audited with the detail.
     */
    private void failed(String id, RuntimeException e) {
        Optional<TransferItem> item;
        try {
            item = items.find(id);
        } catch (RuntimeException again) {
            // The database itself is failing: the item stays due and the loop comes back to it.
            log.error("item {} failed at a step and cannot be held: {}", id, again.toString(), e);
            return;
        }
        int attempts = item.map(TransferItem::attempts).orElse(0) + 1;
        Duration wait = Retrying.Reason.INTERNAL_ERROR.waitAfter(attempts);
        log.error("item {} failed at a step; held, next try in {} s (attempt {})", id, wait.toSeconds(), attempts, e);
        try {
            if (attempts == 1) {
                audit.append(new AuditEvent(
                        AuditType.ITEM_HELD,
                        "system",
                        "",
                        id,
                        Map.of(
                                "state", item.map(i -> i.state().name()).orElse(""),
                                "detail", String.valueOf(e)))); // the class too: a bare message can be empty
            }
            items.defer(
                    id,
                    attempts,
                    new Retrying(
                            Retrying.Reason.INTERNAL_ERROR, Instant.now(clock).plus(wait)));
        } catch (RuntimeException again) {
            log.error("item {} could not be held: {}", id, again.toString());
        }
    }

    /** Runs an item's steps until it is final or has to wait. */
    private void process(String id) {
        try (Workspace ws = new Workspace(work, id, blobs)) {
            while (running) {
                TransferItem item = items.find(id).orElseThrow();
                if (item.state().terminal()) {
                    return;
                }
                hook.starting(id, item.state());
                if (!step(item, ws)) {
                    return;
                }
            }
        }
    }

    /** One step; true when the item moved on and the next step may follow at once. */
    private boolean step(TransferItem item, Workspace ws) {
        return switch (item.state()) {
            case RECEIVED -> detect(item, ws);
            case DETECTED -> scan(item);
            case SCANNED -> decide(item);
            case POLICY_CHECKED -> disarm(item, ws);
            case SANITIZED -> index(item, ws);
            case AWAITING_APPROVAL -> release(item, ws);
            case INDEXED -> publish(item);
            case PUBLISHED, BLOCKED, QUARANTINED, REJECTED, EXPIRED -> false;
        };
    }

    private boolean detect(TransferItem item, Workspace ws) {
        Detection d;
        try {
            d = sanitizer.detect(ws.original(item), item.name());
        } catch (ResourceLimitException e) {
            return stop(
                    item, Verdict.BLOCKED, e.reason().code().name(), e.reason().detail(), "");
        }
        return move(
                item,
                ItemState.DETECTED,
                AuditType.ITEM_DETECTED,
                Map.of("detected_type", d.mediaType(), "type_mismatch", d.mismatch() ? 1 : 0),
                Map.of("detectedType", d.mediaType(), "typeMismatch", String.valueOf(d.mismatch())));
    }

    private boolean scan(TransferItem item) {
        ScanOutcome outcome;
        try (InputStream in = blobs.open(new BlobId(item.originalBlob()))) {
            outcome = clamd.scan(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the original of item " + item.id(), e);
        }
        return switch (outcome) {
            case ScanOutcome.Clean c ->
                move(item, ItemState.SCANNED, AuditType.ITEM_SCANNED, Map.of(), Map.of("result", "clean"));
            case ScanOutcome.Infected infected -> stop(item, Verdict.QUARANTINED, "MALWARE", infected.signature(), "");
            case ScanOutcome.Unscannable u -> stop(item, Verdict.QUARANTINED, "SCAN_LIMIT", u.clamdReply(), "");
            case ScanOutcome.Encrypted e -> stop(item, Verdict.QUARANTINED, "ENCRYPTED_CONTENT", e.signature(), "");
            case ScanOutcome.Unavailable u
            when u.dropped() && item.attempts() + 1 >= SCANNER_DROPS_BEFORE_QUARANTINE ->
                // The scanner went away in the middle of this file again and again: it may be the
                // file that brings it down, so it is not retried for ever (ATTACKS F-02).
                stop(item, Verdict.QUARANTINED, "SCANNER_CRASH", u.detail(), "");
            case ScanOutcome.Unavailable u -> {
                int attempts = item.attempts() + 1;
                Duration wait = Retrying.Reason.SCANNER_UNAVAILABLE.waitAfter(attempts);
                if (attempts == 1) {
                    audit.append(new AuditEvent(
                            AuditType.SCAN_DEFERRED, "system", "", item.id(), Map.of("detail", u.detail())));
                }
                log.warn(
                        "scanner unavailable ({}); item {} waits {} s (attempt {})",
                        u.detail(),
                        item.id(),
                        wait.toSeconds(),
                        attempts);
                items.defer(
                        item.id(),
                        attempts,
                        new Retrying(
                                Retrying.Reason.SCANNER_UNAVAILABLE,
                                Instant.now(clock).plus(wait)));
                yield false;
            }
        };
    }

    /**
     * The first decision, on the received facts: a block stops the file before it is disarmed.
     * Approval waits for the second decision in {@link #index}, so that approvers see, and
     * approve, the disarmed rendition.
     */
    private boolean decide(TransferItem item) {
        Decided decided = decide(policy.get(), item, UnaryOperator.identity());
        Facts facts = decided.facts();
        Decision decision = decided.decision();
        items.recordDecision(
                item.id(),
                new RecordedFacts(facts, ""),
                decision.word(),
                policy.get().retentionFor(decision));
        if (decision instanceof Decision.Block b) {
            return blocked(item, b);
        }
        return move(
                item,
                ItemState.POLICY_CHECKED,
                AuditType.ITEM_POLICY,
                Map.of("rules", ruleList(decision)),
                Map.of("decision", decision.word(), "rules", ruleList(decision)));
    }

    private boolean blocked(TransferItem item, Decision.Block b) {
        return stop(item, Verdict.BLOCKED, b.reason().name(), b.detail(), ruleList(b));
    }

    /** A decision and the facts it was made on (for a folder version, its strictest recipient's). */
    private record Decided(Facts facts, Decision decision) {}

    /**
     * Decides on the item's facts, with {@code more} added (content found after disarm). A staff
     * member's folder version goes to every partner organisation in the folder, so it is decided
     * once per organisation and the strictest wins: any block blocks, and every approval any of
     * them asks for is needed.
     */
    private Decided decide(Policy p, TransferItem item, UnaryOperator<Facts> more) {
        List<Decided> all = new ArrayList<>();
        for (Facts f : facts(item)) {
            Facts full = more.apply(f);
            all.add(new Decided(full, p.decide(full)));
        }
        Decided strictest = all.get(0);
        List<RuleId> rules = new ArrayList<>();
        List<Approval> needed = new ArrayList<>();
        for (Decided d : all) {
            if (d.decision() instanceof Decision.Block) {
                return d;
            }
            d.decision().rules().stream().filter(r -> !rules.contains(r)).forEach(rules::add);
            if (d.decision() instanceof Decision.NeedsApproval a) {
                if (needed.isEmpty()) {
                    strictest = d;
                }
                a.approvals().stream().filter(x -> !needed.contains(x)).forEach(needed::add);
            }
        }
        if (all.size() == 1) {
            return strictest;
        }
        return switch (strictest.decision()) {
            case Decision.NeedsApproval a ->
                new Decided(strictest.facts(), new Decision.NeedsApproval(rules, needed, a.settings()));
            case Decision.Allow a -> new Decided(strictest.facts(), new Decision.Allow(rules, a.settings()));
            case Decision.Block b -> strictest;
        };
    }

    /** The facts policy decides on: one set per recipient organisation. */
    private List<Facts> facts(TransferItem item) {
        Party sender = new Party(
                item.sender(),
                groups.apply(item.sender()),
                item.flow().from() == Zone.INTERNET ? item.organisation() : CITY);
        List<Party> recipients = new ArrayList<>();
        if (item.flow().from() == Zone.INTERNET) {
            recipients.add(new Party("", Set.of(), CITY));
        } else if (item.inFolder()) {
            folders.partnerOrganisations(item.folder().orElseThrow()).stream()
                    .sorted()
                    .forEach(org -> recipients.add(new Party("", Set.of(), org)));
            if (recipients.isEmpty()) {
                // No partner in the folder yet: decided as for a recipient no rule names.
                recipients.add(Party.unknown());
            }
        } else {
            recipients.add(new Party("", Set.of(), item.organisation()));
        }
        Facts base = Facts.of(item.flow(), item.detectedType(), item.size(), item.typeMismatch())
                .withExtension(Detection.extensionOf(item.name()))
                .at(LocalTime.ofInstant(item.createdAt(), JST));
        return recipients.stream().map(r -> base.withParties(sender, r)).toList();
    }

    /**
     * Holds an item that needs approval in {@link ItemState#AWAITING_APPROVAL} and opens its
     * requests, bound to the rendition's hash; {@link #release} takes it on once all are approved.
     */
    private boolean awaitApproval(
            TransferItem item, Decision.NeedsApproval a, Facts facts, Optional<VersionChanges> changes) {
        String kinds = String.join(
                ",", a.approvals().stream().map(x -> x.kind().word()).toList());
        audit.append(new AuditEvent(
                AuditType.ITEM_POLICY,
                "system",
                "",
                item.id(),
                Map.of(
                        "decision", a.word(),
                        "rules", ruleList(a),
                        "approvals", kinds,
                        "from", item.state().name())));
        if (approvals.open(item, a, findingsJson(item, facts, changes))) {
            hook.persisted(item.id(), ItemState.AWAITING_APPROVAL);
        }
        log.info("item {} awaits approval ({}) under rules {}", item.id(), kinds, ruleList(a));
        return false;
    }

    /**
     * What an approver sees first: the masked DLP findings, what the sanitizer removed and, for a
     * new version of a file already sent, what changed in its text since then.
     */
    private String findingsJson(TransferItem item, Facts facts, Optional<VersionChanges> changes) {
        var root = json.createObjectNode();
        var dlp = root.putArray("dlp");
        facts.content()
                .ifPresent(content -> content.dlp()
                        .forEach(f -> dlp.addObject()
                                .put("detector", f.detector())
                                .put("count", f.count())
                                .put("example", f.example())));
        try {
            root.set("removed", json.readTree(item.removals().isEmpty() ? "[]" : item.removals()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("removals of an item are not the JSON this pipeline wrote", e);
        }
        changes.ifPresent(v -> {
            var c = root.putObject("changes")
                    .put("previousItem", v.previous().id())
                    .put("previousSha256", v.previous().renditionSha256())
                    .put("previousAt", v.previous().createdAt().toString())
                    .put("linesRemoved", v.text().linesRemoved())
                    .put("linesAdded", v.text().linesAdded())
                    .put("complete", v.text().complete());
            var passages = c.putArray("passages");
            for (TextChanges.Passage p : v.text().passages()) {
                var o = passages.addObject().put("line", p.line());
                p.removed().forEach(o.putArray("removed")::add);
                p.added().forEach(o.putArray("added")::add);
            }
        });
        return root.toString();
    }

    /** The last published version of this file and what changed in its text since. */
    record VersionChanges(TransferItem previous, TextChanges text) {}

    private Optional<VersionChanges> changesSinceLastVersion(TransferItem item, String text, Workspace ws) {
        Optional<TransferItem> previous = items.previousVersion(item);
        if (previous.isEmpty() || previous.get().renditionBlob().isEmpty()) {
            return Optional.empty();
        }
        TransferItem p = previous.get();
        String before = sanitizer.extractText(ws.copyOut(new BlobId(p.renditionBlob()), "previous"), p.renditionType());
        return Optional.of(new VersionChanges(p, TextChanges.between(before, text)));
    }

    /**
     * Every request is approved: check that the rendition is still, byte for byte, the one the
     * approvals were given for, then index it. Any difference voids the approvals.
     */
    private boolean release(TransferItem item, Workspace ws) {
        List<ApprovalRequest> requests = approvals.forItem(item.id());
        if (requests.isEmpty() || requests.stream().anyMatch(r -> r.state() != ApprovalState.APPROVED)) {
            return false;
        }
        String actual;
        try {
            actual = Sha256.of(ws.rendition(item));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rendition of " + item.id(), e);
        }
        for (ApprovalRequest r : requests) {
            if (!r.sha256().equals(item.renditionSha256()) || !r.sha256().equals(actual)) {
                log.warn("item {}: rendition {} is not the approved {}; approvals void", item.id(), actual, r.sha256());
                approvals.voidFor(item.id(), "approved " + r.sha256() + ", rendition is " + actual);
                return false;
            }
        }
        return indexRendition(item, sanitizer.extractText(ws.rendition(item), item.renditionType()));
    }

    private static String ruleList(Decision d) {
        return String.join(",", d.rules().stream().map(RuleId::value).toList());
    }

    private boolean disarm(TransferItem item, Workspace ws) {
        if (item.flow().to() == Zone.MYNUMBER) {
            return reserialize(item, ws);
        }
        // The profiles and archive limits of the policy in force now; a policy reloaded since the
        // first decision may also block the file now.
        Settings settings;
        switch (decide(policy.get(), item, UnaryOperator.identity()).decision()) {
            case Decision.Block b -> {
                return blocked(item, b);
            }
            case Decision.Allow a -> settings = a.settings();
            case Decision.NeedsApproval a -> settings = a.settings();
        }
        Path original = ws.original(item);
        DisarmResult result;
        try {
            result = sanitizer.disarm(
                    original, sanitizer.detect(original, item.name()), ws.dir(), PolicyDisarmOptions.of(settings));
        } catch (ResourceLimitException e) {
            result = new DisarmResult.Refused(e.reason());
        }
        return switch (result) {
            case DisarmResult.Refused r ->
                stop(
                        item,
                        r.reason().code().verdict(),
                        r.reason().code().name(),
                        r.reason().detail(),
                        item.rules());
            case DisarmResult.Disarmed d -> {
                StoredBlob rendition = store(d.output());
                ws.rendition(d.output());
                String name = d.nameFor(item.name());
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("rendition_blob", rendition.id().value());
                fields.put("rendition_name", name);
                fields.put("rendition_type", d.mediaType());
                fields.put("rendition_size", rendition.size());
                fields.put("rendition_sha256", rendition.sha256());
                fields.put("removals", toJson(d.removals()));
                yield move(
                        item,
                        ItemState.SANITIZED,
                        AuditType.ITEM_SANITIZED,
                        fields,
                        Map.of(
                                "verdict",
                                d.verdict().word(),
                                "method",
                                d.method().word(),
                                "removed",
                                toJson(d.removals()),
                                "rendition",
                                name,
                                "renditionSha256",
                                rendition.sha256()));
            }
        };
    }

    /**
     * Data for the My Number zone is not disarmed but read against the layout the policy declares
     * for its name and written anew (DESIGN: never passed byte for byte); a file no layout names,
     * or a row that does not fit, blocks it with the row and column.
     */
    private boolean reserialize(TransferItem item, Workspace ws) {
        Optional<ImportSchema> schema = policy.get().importFor(item.name());
        if (schema.isEmpty()) {
            return stop(item, Verdict.BLOCKED, PolicyReason.IMPORT_NOT_DECLARED.name(), item.name(), item.rules());
        }
        Path output = ws.dir().resolve("import.out");
        long rows;
        try (InputStream in = Files.newInputStream(ws.original(item));
                OutputStream out = Files.newOutputStream(output)) {
            rows = ImportRewriter.rewrite(schema.get(), in, out);
        } catch (ImportRefused e) {
            return stop(
                    item,
                    Verdict.BLOCKED,
                    PolicyReason.IMPORT_INVALID.name(),
                    schema.get().id() + ": " + e.getMessage(),
                    item.rules());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-write the import data of item " + item.id(), e);
        }
        StoredBlob rendition = store(output);
        ws.rendition(output);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rendition_blob", rendition.id().value());
        fields.put("rendition_name", item.name());
        fields.put("rendition_type", item.detectedType());
        fields.put("rendition_size", rendition.size());
        fields.put("rendition_sha256", rendition.sha256());
        fields.put("removals", "[]");
        return move(
                item,
                ItemState.SANITIZED,
                AuditType.ITEM_SANITIZED,
                fields,
                Map.of(
                        "method", "reserialized",
                        "import", schema.get().id(),
                        "rows", String.valueOf(rows),
                        "renditionSha256", rendition.sha256()));
    }

    private boolean index(TransferItem item, Workspace ws) {
        Path rendition = ws.rendition(item);
        String text = sanitizer.extractText(rendition, item.renditionType());
        // The second decision: the disarmed file's findings and, where a rule asks, DLP on its text.
        // DLP runs even when no rule looks at it, so that policy simulate can replay a rule that would.
        Policy current = policy.get();
        ContentFacts content =
                new ContentFacts(removalKinds(item.removals()), new DlpScanner(current.dlp()).scan(text));
        Decided decided = decide(current, item, f -> f.withContent(content));
        Facts facts = decided.facts();
        Decision second = decided.decision();
        if (item.inFolder() && item.flow().from() == Zone.LGWAN && !(second instanceof Decision.Allow)) {
            // Colleagues see a staff version at once, so they find it at once too, while it waits
            // for approval or even if it may not go out; the folder search shows a hit only to
            // those who may see the version now, so partners still find it only once published.
            // An allowed version is indexed just below, once.
            putInFolder(item, text);
        }
        items.recordDecision(
                item.id(),
                new RecordedFacts(facts, current.dlp().fingerprint()),
                second.word(),
                current.retentionFor(second));
        if (second instanceof Decision.Block b) {
            return blocked(item, b);
        }
        if (second instanceof Decision.NeedsApproval a) {
            return awaitApproval(item, a, facts, changesSinceLastVersion(item, text, ws));
        }
        return indexRendition(item, text);
    }

    private void putInIndex(TransferItem item, String text) {
        if (item.inFolder()) {
            putInFolder(item, text);
        } else {
            index.put(
                    item.id(),
                    item.renditionName(),
                    text,
                    item.flow().to(),
                    item.organisation(),
                    item.renditionType(),
                    item.createdAt());
        }
    }

    /**
     * Whether the search index holds this item once the pipeline is done with it: a published
     * (or indexed, about to publish) rendition, and a staff version in a shared folder that waits
     * for approval, which colleagues already find.
     */
    static boolean searchable(TransferItem item) {
        return switch (item.state()) {
            case INDEXED, PUBLISHED -> true;
            case AWAITING_APPROVAL, BLOCKED -> item.inFolder() && item.flow().from() == Zone.LGWAN;
            default -> false;
        };
    }

    /**
     * Puts an item back into the search index as its index step did (after a restore: a backup
     * holds no index). False when the item is not one the index holds.
     */
    public boolean reindex(String id) {
        // Read now, not from a list taken earlier: retention may have withdrawn it meanwhile.
        TransferItem item = items.find(id).orElse(null);
        if (item == null || !searchable(item) || item.renditionBlob().isEmpty()) {
            return false;
        }
        try (Workspace ws = new Workspace(work, "reindex-" + item.id(), blobs)) {
            putInIndex(item, sanitizer.extractText(ws.rendition(item), item.renditionType()));
        }
        return true;
    }

    private void putInFolder(TransferItem item, String text) {
        index.putInFolder(
                item.id(),
                item.renditionName(),
                text,
                item.flow().to(),
                item.organisation(),
                item.renditionType(),
                item.createdAt(),
                item.folder().orElseThrow(),
                folders.name(item.folder().orElseThrow()));
    }

    private boolean indexRendition(TransferItem item, String text) {
        putInIndex(item, text);
        return move(
                item,
                ItemState.INDEXED,
                AuditType.ITEM_INDEXED,
                Map.of(),
                Map.of("characters", String.valueOf(text.length())));
    }

    private boolean publish(TransferItem item) {
        return move(
                item,
                ItemState.PUBLISHED,
                AuditType.ITEM_PUBLISHED,
                Map.of("published_at", Instant.now(clock).toString()),
                Map.of(
                        "zone",
                        item.flow().to().word(),
                        "name",
                        item.renditionName(),
                        "organisation",
                        item.organisation()));
    }

    /** Audits, then persists the move; the audit record comes first so no step is ever unrecorded. */
    private boolean move(
            TransferItem item, ItemState to, AuditType type, Map<String, ?> fields, Map<String, String> data) {
        Map<String, String> auditData = new LinkedHashMap<>(data);
        auditData.put("from", item.state().name());
        // The move and its record commit together, so a crash can neither leave a move unrecorded
        // nor, when the step is redone after a restart, record it twice (ATTACKS F-06).
        boolean moved = db.transaction(c -> {
            if (!items.advanceIn(c, item.id(), item.state(), to, fields)) {
                return false;
            }
            AuditOutbox.enqueue(c, new AuditEvent(type, "system", "", item.id(), auditData));
            return true;
        });
        audit.drain(db);
        if (moved) {
            hook.persisted(item.id(), to);
        }
        return moved;
    }

    private boolean stop(TransferItem item, Verdict verdict, String code, String detail, String rules) {
        ItemState to = verdict == Verdict.QUARANTINED ? ItemState.QUARANTINED : ItemState.BLOCKED;
        AuditType type = verdict == Verdict.QUARANTINED ? AuditType.ITEM_QUARANTINED : AuditType.ITEM_BLOCKED;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason_code", code);
        fields.put("reason_detail", detail);
        fields.put("rules", rules);
        move(item, to, type, fields, Map.of("reason", code, "detail", detail, "rules", rules));
        log.info("item {} {}: {} ({})", item.id(), to, code, detail);
        return false;
    }

    private StoredBlob store(Path file) {
        try (BlobStore.BlobWriter writer = blobs.create();
                InputStream in = Files.newInputStream(file)) {
            in.transferTo(writer);
            return writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a rendition", e);
        }
    }

    private Set<String> removalKinds(String removalsJson) {
        Set<String> kinds = new java.util.HashSet<>();
        try {
            for (var node : json.readTree(removalsJson.isEmpty() ? "[]" : removalsJson)) {
                kinds.add(node.path("kind").asText());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("removals of an item are not the JSON this pipeline wrote", e);
        }
        return kinds;
    }

    private String toJson(List<Removal> removals) {
        try {
            return json.writeValueAsString(removals);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("removals cannot be written as JSON", e);
        }
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

    /**
     * Plaintext copies an item's steps need on disk (parsers want files), in an owner-only work
     * directory, removed when the item's run ends.
     */
    private static final class Workspace implements AutoCloseable {
        private final Path dir;
        private final BlobStore blobs;
        private @Nullable Path original;
        private @Nullable Path rendition;

        Workspace(Path work, String id, BlobStore blobs) {
            this.blobs = blobs;
            try {
                this.dir = Files.createDirectories(work.resolve(id));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a work directory for item " + id, e);
            }
        }

        Path dir() {
            return dir;
        }

        Path original(TransferItem item) {
            Path file = original;
            if (file == null) {
                file = copyOut(new BlobId(item.originalBlob()), "original");
                original = file;
            }
            return file;
        }

        void rendition(Path file) {
            rendition = file;
        }

        Path rendition(TransferItem item) {
            Path file = rendition;
            if (file == null || !Files.exists(file)) {
                file = copyOut(new BlobId(item.renditionBlob()), "rendition");
                rendition = file;
            }
            return file;
        }

        Path copyOut(BlobId id, String name) {
            Path file = dir.resolve(name);
            try (InputStream in = blobs.open(id);
                    OutputStream out = Files.newOutputStream(file)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read blob " + id, e);
            }
            return file;
        }

        @Override
        public void close() {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                log.warn("cannot clean work directory {}", dir, e);
            }
        }
    }
}
