package jp.kakehashi.appliance.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.store.Tx;

/**
 * What retention reads and marks of the items: the port {@link RetentionJob} works through. Each
 * mark is written once (a repeated sweep after a crash marks nothing new). Lists are oldest first.
 * {@code RetentionStoreContract} is what every adapter must pass.
 */
public interface RetentionStore {
    /** One item as retention sees it; the retention periods are the ones its decision recorded. */
    record Kept(
            String id,
            ItemState state,
            Instant receivedAt,
            Optional<Instant> publishedAt,
            String originalBlob,
            String renditionBlob,
            String sha256,
            String renditionSha256,
            Optional<Duration> retainOriginals,
            Optional<Duration> retainPublished,
            boolean renditionErased) {}

    /** Published items with their publication time. */
    List<Kept> published(Tx tx);

    /** Withdrawn (expired) items whose rendition is not yet erased. */
    List<Kept> withdrawnWithRendition(Tx tx);

    /** Items in a final state whose original is not yet erased. */
    List<Kept> finishedWithOriginal(Tx tx);

    /** Claims the original for erasure (a claim already made stays); false when it is already erased. */
    boolean claimOriginal(Tx tx, String id, Instant at);

    /** Records the rendition erased; false when it was already. */
    boolean renditionErased(Tx tx, String id, Instant at);

    /** Records the original erased; false when it was already. */
    boolean originalErased(Tx tx, String id, Instant at);
}
