package jp.kakehashi.appliance.item;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Retention;

/**
 * Where transfer items are kept: the port {@link Items} works through. A state change is a
 * compare-and-set on the state the caller read, so a step applies once however many workers race.
 * An item is <em>ready</em> when the pipeline has a step for it: not in a final state, and not
 * waiting for people (an item awaiting approval is ready once every request for its release is
 * approved). {@code ItemStoreContract} is what every adapter must pass.
 */
public interface ItemStore {
    /** A file whose bytes are durably stored, about to be recorded in {@code RECEIVED}. */
    record NewItem(
            String id,
            Flow flow,
            String sender,
            String organisation,
            Optional<String> department,
            Optional<String> recipient,
            String name,
            StoredBlob blob,
            Optional<Long> folder,
            Instant at) {}

    /** Whether an item was published, whether retention erased its original (as for an unknown item), and whether it claimed it. */
    record Copies(boolean published, boolean originalErased, boolean originalClaimed) {}

    void insert(Tx tx, NewItem item);

    /** Keeps what the sender wrote with the item. */
    void putNote(Tx tx, String id, CoverNote note);

    /** What the sender wrote with the item, if anything. */
    Optional<CoverNote> note(Tx tx, String id);

    Optional<TransferItem> find(Tx tx, String id);

    Copies copies(Tx tx, String id);

    /** Moves an item still in {@code from} to {@code to} with what the step learnt; false when it had moved. */
    boolean advance(Tx tx, String id, ItemState from, ItemState to, StepFacts facts, Instant at);

    /** Holds an item without changing its state until {@code retrying.next()}. */
    void defer(Tx tx, String id, int attempts, Retrying retrying);

    /** Ready items whose next step is due at {@code now}, oldest first. */
    List<String> due(Tx tx, Instant now, int limit);

    /** How many items are ready. */
    int unfinished(Tx tx);

    /** How many ready items come before this one, oldest first; empty when it is not ready. */
    Optional<Integer> queuePosition(Tx tx, String id);

    void recordDownload(Tx tx, String id, String account, String protocol, Instant at);

    Optional<Instant> firstDownload(Tx tx, String id);

    /** Published items of a flow (optionally for one organisation), oldest first; never a folder's. */
    List<TransferItem> published(Tx tx, Flow flow, Optional<String> organisation);

    /**
     * Items of a flow (optionally for one organisation) stopped because they are encrypted and not
     * yet opened with a password, newest first; never a folder's.
     */
    List<TransferItem> heldEncrypted(Tx tx, Flow flow, Optional<String> organisation);

    /**
     * The newest other published item of the same name, flow and organisation received before
     * this one; for a folder version, the newest earlier published version of its file.
     */
    Optional<TransferItem> previousVersion(Tx tx, TransferItem item);

    /** Every item a sender submitted, newest first. */
    List<TransferItem> bySender(Tx tx, String sender);

    /** Items received since {@code from} on which policy decided, oldest first. */
    List<TransferItem> decidedSince(Tx tx, Instant from);

    /** Records the facts a decision was made on, the decision and how long the item's copies are kept. */
    void recordDecision(Tx tx, String id, RecordedFacts facts, String decision, Retention retention);

    /** The newest stopped (quarantined or blocked) items, at most {@code limit}. */
    List<TransferItem> stopped(Tx tx, int limit);

    /** Every item, oldest first. */
    List<TransferItem> all(Tx tx);

    /** What the statistics count of one item. */
    record Counted(Flow flow, ItemState state, String reasonCode, Instant receivedAt, Optional<Instant> publishedAt) {}

    /** The items received in {@code [from, to)}, for the statistics. */
    List<Counted> receivedBetween(Tx tx, Instant from, Instant to);
}
