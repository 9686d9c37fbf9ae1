package jp.kakehashi.appliance.item;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Retention;

/**
 * Transfer items, each call its own unit of work over the {@link ItemStore} (or, for the {@code
 * …In} methods, inside the caller's). State changes are compare-and-set, so a step applies once.
 */
public final class Items {
    private final Transactions db;
    private final ItemStore store;
    private final Clock clock;

    public Items(Transactions db, ItemStore store, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Records a file whose bytes are durably stored, in state RECEIVED.
     *
     * @param department the department it is addressed to (from a partner) or comes from (from staff)
     */
    public TransferItem insertReceived(
            String id,
            Flow flow,
            String sender,
            String organisation,
            Optional<String> department,
            String name,
            StoredBlob blob) {
        return insertReceived(
                id, flow, sender, organisation, department, Optional.empty(), name, blob, Optional.empty());
    }

    /**
     * {@link #insertReceived}, for one person of the department when {@code recipient} is given,
     * with what the sender wrote with the file, kept together with it.
     */
    public TransferItem insertReceived(
            String id,
            Flow flow,
            String sender,
            String organisation,
            Optional<String> department,
            Optional<String> recipient,
            String name,
            StoredBlob blob,
            Optional<CoverNote> note) {
        return db.writing(tx -> {
            TransferItem item =
                    insert(tx, id, flow, sender, organisation, department, recipient, name, blob, Optional.empty());
            note.filter(n -> !n.isEmpty()).ifPresent(n -> store.putNote(tx, id, n));
            return item;
        });
    }

    /**
     * Records, inside the caller's unit of work, a file received as a version in shared folder
     * {@code folder}, so that the item and its version exist together or not at all.
     */
    public TransferItem insertReceivedIn(
            Tx tx,
            String id,
            Flow flow,
            String sender,
            String organisation,
            String name,
            StoredBlob blob,
            long folder) {
        return insert(
                tx,
                id,
                flow,
                sender,
                organisation,
                Optional.empty(),
                Optional.empty(),
                name,
                blob,
                Optional.of(folder));
    }

    private TransferItem insert(
            Tx tx,
            String id,
            Flow flow,
            String sender,
            String organisation,
            Optional<String> department,
            Optional<String> recipient,
            String name,
            StoredBlob blob,
            Optional<Long> folder) {
        store.insert(
                tx,
                new ItemStore.NewItem(
                        id, flow, sender, organisation, department, recipient, name, blob, folder, Instant.now(clock)));
        return store.find(tx, id).orElseThrow();
    }

    /** What the sender wrote with the item, if anything. */
    public Optional<CoverNote> note(String id) {
        return db.reading(tx -> store.note(tx, id));
    }

    /** {@link #note} inside the caller's unit of work. */
    public Optional<CoverNote> noteIn(Tx tx, String id) {
        return store.note(tx, id);
    }

    public Optional<TransferItem> find(String id) {
        return db.reading(tx -> store.find(tx, id));
    }

    /** {@link #find} inside the caller's unit of work. */
    public Optional<TransferItem> findIn(Tx tx, String id) {
        return store.find(tx, id);
    }

    /** Whether an item was published and what retention did to its original, inside the caller's unit of work. */
    public ItemStore.Copies copiesIn(Tx tx, String id) {
        return store.copies(tx, id);
    }

    /**
     * Moves an item from {@code from} to {@code to} with what the step learnt, only if it is
     * still in {@code from}. Returns false when another step already moved it.
     */
    public boolean advance(String id, ItemState from, ItemState to, StepFacts facts) {
        return db.writing(tx -> advanceIn(tx, id, from, to, facts));
    }

    /** {@link #advance} inside the caller's unit of work, so the move commits with what caused it. */
    public boolean advanceIn(Tx tx, String id, ItemState from, ItemState to, StepFacts facts) {
        return store.advance(tx, id, from, to, facts, Instant.now(clock));
    }

    /** Holds an item (保留) without changing its state: its next step is tried at {@code retrying.next()}. */
    public void defer(String id, int attempts, Retrying retrying) {
        db.writing(tx -> {
            store.defer(tx, id, attempts, retrying);
            return Boolean.TRUE;
        });
    }

    /** Ready items whose next step is due, oldest first. */
    public List<String> due(int limit) {
        Instant now = Instant.now(clock);
        return db.writing(tx -> store.due(tx, now, limit));
    }

    /** How many items the pipeline still has a step for (not counting those waiting for approvers). */
    public int unfinished() {
        return db.reading(store::unfinished);
    }

    /**
     * How many files the pipeline will take before this one (0: it is being worked on next), or
     * empty when it is not waiting for the pipeline.
     */
    public Optional<Integer> queuePosition(String id) {
        return db.reading(tx -> store.queuePosition(tx, id));
    }

    /** Records that a recipient downloaded a delivered file, for its sender to see. */
    public void recordDownload(String id, String account, String protocol) {
        Instant now = Instant.now(clock);
        db.writing(tx -> {
            store.recordDownload(tx, id, account, protocol, now);
            return Boolean.TRUE;
        });
    }

    /** When a recipient first downloaded the file, if anyone has. */
    public Optional<Instant> firstDownload(String id) {
        return db.reading(tx -> store.firstDownload(tx, id));
    }

    /** Published items of a flow, optionally for one organisation, oldest first; never a folder's. */
    public List<TransferItem> published(Flow flow, Optional<String> organisation) {
        return db.reading(tx -> store.published(tx, flow, organisation));
    }

    /**
     * Files of a flow (optionally for one organisation) held because they are encrypted and not
     * yet opened with a password: their recipients may open them (PPAP), newest first. Folder
     * versions are not offered: an opened copy would be a new item outside the folder.
     */
    public List<TransferItem> heldEncrypted(Flow flow, Optional<String> organisation) {
        return db.reading(tx -> store.heldEncrypted(tx, flow, organisation));
    }

    /**
     * The last version of this item's file: the newest other item of the same name published on
     * the same flow for the same organisation before it, whoever sent it. For a shared-folder
     * version, the newest earlier version of the same folder file published on the same flow.
     */
    public Optional<TransferItem> previousVersion(TransferItem item) {
        return db.reading(tx -> store.previousVersion(tx, item));
    }

    /** Every item a sender submitted, newest first (their receipts). */
    public List<TransferItem> bySender(String sender) {
        return db.reading(tx -> store.bySender(tx, sender));
    }

    /** Items received since {@code from} on which policy decided, oldest first ({@code policy simulate}). */
    public List<TransferItem> decidedSince(Instant from) {
        return db.reading(tx -> store.decidedSince(tx, from));
    }

    /**
     * Records the facts a policy decision was made on, what it decided and how long the item's
     * copies are kept, before the step that acts on it; a resumed step decides again and
     * overwrites them.
     */
    public void recordDecision(String id, RecordedFacts facts, String decision, Retention retention) {
        db.writing(tx -> {
            store.recordDecision(tx, id, facts, decision, retention);
            return Boolean.TRUE;
        });
    }

    /** The newest files the appliance stopped (quarantined or blocked), for the officers' review. */
    public List<TransferItem> stopped(int limit) {
        return db.reading(tx -> store.stopped(tx, limit));
    }

    public List<TransferItem> all() {
        return db.reading(store::all);
    }

    /** The items received in {@code [from, to)}, for the statistics. */
    public List<ItemStore.Counted> receivedBetween(Instant from, Instant to) {
        return db.reading(tx -> store.receivedBetween(tx, from, to));
    }
}
