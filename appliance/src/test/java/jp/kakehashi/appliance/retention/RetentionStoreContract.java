package jp.kakehashi.appliance.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Retention;
import org.junit.jupiter.api.Test;

/** What every {@link RetentionStore} adapter must do, run by a subclass that supplies it and the item store of the same database. */
public abstract class RetentionStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Flow OUT = Flow.parse("lgwan->internet");

    protected abstract Transactions transactions();

    protected abstract RetentionStore store();

    protected abstract ItemStore items();

    private int serial;

    private String item(ItemState state, StepFacts facts) {
        String id = String.format("%024d", ++serial);
        transactions().writing((Tx tx) -> {
            items().insert(
                            tx,
                            new ItemStore.NewItem(
                                    id,
                                    OUT,
                                    "tanaka",
                                    "acme",
                                    Optional.empty(),
                                    Optional.empty(),
                                    "議事録.txt",
                                    new StoredBlob(new BlobId("b".repeat(32)), 10, "a".repeat(64)),
                                    Optional.empty(),
                                    T0));
            items().advance(
                            tx,
                            id,
                            ItemState.RECEIVED,
                            ItemState.SANITIZED,
                            new StepFacts.Rendition(
                                    new StoredBlob(new BlobId("c".repeat(32)), 7, "d".repeat(64)),
                                    "議事録.txt",
                                    "text/plain",
                                    "[]"),
                            T0);
            return items().advance(tx, id, ItemState.SANITIZED, state, facts, T0);
        });
        return id;
    }

    private <T> T write(Transactions.TxWork<T> work) {
        return transactions().writing(work);
    }

    @Test
    void publishedItemsComeWithTheRetentionTheirDecisionRecorded() {
        String id = item(ItemState.PUBLISHED, new StepFacts.Published(T0.plusSeconds(60)));
        String stopped = item(ItemState.BLOCKED, new StepFacts.Stopped("PERSONAL_NUMBER", "", ""));
        write((Tx tx) -> {
            items().recordDecision(
                            tx,
                            id,
                            new RecordedFacts(Facts.of(OUT, "text/plain", 10, false), ""),
                            "allow",
                            new Retention(Duration.ofDays(2), Duration.ofDays(7)));
            return Boolean.TRUE;
        });
        assertThat(transactions().reading(store()::published)).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo(id);
            assertThat(k.publishedAt()).contains(T0.plusSeconds(60));
            assertThat(k.retainOriginals()).contains(Duration.ofDays(2));
            assertThat(k.retainPublished()).contains(Duration.ofDays(7));
            assertThat(k.renditionBlob()).isEqualTo("c".repeat(32));
            assertThat(k.renditionErased()).isFalse();
        });
        assertThat(transactions().reading(store()::finishedWithOriginal))
                .extracting(RetentionStore.Kept::id)
                .containsExactly(id, stopped);
        assertThat(transactions().reading(store()::finishedWithOriginal).get(1).retainOriginals())
                .as("no decision recorded: the policy's default applies")
                .isEmpty();
    }

    @Test
    void eachCopyIsMarkedErasedOnce() {
        String expired = item(ItemState.EXPIRED, new StepFacts.None());
        assertThat(transactions().reading(store()::withdrawnWithRendition))
                .extracting(RetentionStore.Kept::id)
                .containsExactly(expired);
        assertThat(write((Tx tx) -> store().renditionErased(tx, expired, T0))).isTrue();
        assertThat(write((Tx tx) -> store().renditionErased(tx, expired, T0))).isFalse();
        assertThat(transactions().reading(store()::withdrawnWithRendition)).isEmpty();

        assertThat(write((Tx tx) -> store().claimOriginal(tx, expired, T0))).isTrue();
        assertThat(write((Tx tx) -> store().claimOriginal(tx, expired, T0.plusSeconds(1))))
                .as("a claim left by a crash is taken again")
                .isTrue();
        assertThat(write((Tx tx) -> items().copies(tx, expired)).originalClaimed())
                .isTrue();
        assertThat(write((Tx tx) -> store().originalErased(tx, expired, T0))).isTrue();
        assertThat(write((Tx tx) -> store().originalErased(tx, expired, T0))).isFalse();
        assertThat(write((Tx tx) -> store().claimOriginal(tx, expired, T0))).isFalse();
        assertThat(transactions().reading(store()::finishedWithOriginal)).isEmpty();
    }
}
