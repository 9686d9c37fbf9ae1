package jp.kakehashi.appliance.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Retention;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ItemStore} adapter must do, run by a subclass that supplies it and its
 * transactions. The queue's readiness rules (approvals) and folder joins are exercised by the
 * pipeline and folder tests on top of it.
 */
public abstract class ItemStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Flow IN = Flow.parse("internet->lgwan");
    private static final Flow OUT = Flow.parse("lgwan->internet");

    protected abstract Transactions transactions();

    protected abstract ItemStore store();

    private int serial;

    private <T> T read(Transactions.TxWork<T> work) {
        return transactions().reading(work);
    }

    private void write(Consumer<Tx> work) {
        transactions().writing((Tx tx) -> {
            work.accept(tx);
            return Boolean.TRUE;
        });
    }

    private String receive(Flow flow, String sender, String organisation, String name, Instant at) {
        String id = String.format("%024d", ++serial);
        StoredBlob blob = new StoredBlob(new BlobId("b".repeat(32)), 42, "a".repeat(64));
        write(tx -> store().insert(
                        tx,
                        new ItemStore.NewItem(
                                id,
                                flow,
                                sender,
                                organisation,
                                Optional.empty(),
                                Optional.empty(),
                                name,
                                blob,
                                Optional.empty(),
                                at)));
        return id;
    }

    private boolean advance(String id, ItemState from, ItemState to, StepFacts facts) {
        return transactions().writing((Tx tx) -> store().advance(tx, id, from, to, facts, T0.plusSeconds(99)));
    }

    private TransferItem find(String id) {
        return read((Tx tx) -> store().find(tx, id)).orElseThrow();
    }

    private void publish(String id, String renditionName) {
        StoredBlob rendition = new StoredBlob(new BlobId("c".repeat(32)), 7, "d".repeat(64));
        assertThat(advance(
                        id,
                        ItemState.RECEIVED,
                        ItemState.SANITIZED,
                        new StepFacts.Rendition(rendition, renditionName, "text/plain", "[]")))
                .isTrue();
        assertThat(advance(id, ItemState.SANITIZED, ItemState.PUBLISHED, new StepFacts.Published(T0)))
                .isTrue();
    }

    @Test
    void aReceivedItemIsReadBackWithNothingKnownYet() {
        String id = receive(IN, "acme-user", "acme", "見積書.docx", T0);
        TransferItem item = find(id);
        assertThat(item.state()).isEqualTo(ItemState.RECEIVED);
        assertThat(item.flow()).isEqualTo(IN);
        assertThat(item.sender()).isEqualTo("acme-user");
        assertThat(item.organisation()).isEqualTo("acme");
        assertThat(item.name()).isEqualTo("見積書.docx");
        assertThat(item.size()).isEqualTo(42);
        assertThat(item.sha256()).isEqualTo("a".repeat(64));
        assertThat(item.originalBlob()).isEqualTo("b".repeat(32));
        assertThat(item.attempts()).isZero();
        assertThat(item.renditionBlob()).isEmpty();
        assertThat(item.renditionSize()).isEqualTo(-1);
        assertThat(item.folder()).isEmpty();
        assertThat(item.disarmPlan()).isEmpty();
        assertThat(item.retrying()).isEmpty();
        assertThat(item.createdAt()).isEqualTo(T0);
        assertThat(read((Tx tx) -> store().find(tx, "no-such-item"))).isEmpty();
        assertThat(read((Tx tx) -> store().copies(tx, id))).isEqualTo(new ItemStore.Copies(false, false, false));
        assertThat(read((Tx tx) -> store().copies(tx, "no-such-item")))
                .as("an unknown item has no original to hand out")
                .isEqualTo(new ItemStore.Copies(false, true, true));
    }

    @Test
    void aMoveAppliesOnlyFromTheStateReadAndKeepsWhatTheStepFound() {
        String id = receive(IN, "acme-user", "acme", "請求書.pdf", T0);
        assertThat(advance(id, ItemState.SCANNED, ItemState.DETECTED, new StepFacts.Detected("x", false)))
                .as("not in SCANNED")
                .isFalse();
        assertThat(advance(id, ItemState.RECEIVED, ItemState.DETECTED, new StepFacts.Detected("application/pdf", true)))
                .isTrue();
        assertThat(advance(id, ItemState.RECEIVED, ItemState.DETECTED, new StepFacts.None()))
                .as("moved once")
                .isFalse();
        TransferItem detected = find(id);
        assertThat(detected.detectedType()).isEqualTo("application/pdf");
        assertThat(detected.typeMismatch()).isTrue();
        assertThat(detected.updatedAt()).isEqualTo(T0.plusSeconds(99));
        assertThat(advance(
                        id,
                        ItemState.DETECTED,
                        ItemState.QUARANTINED,
                        new StepFacts.Stopped("MALWARE", "Eicar-Signature", "r1")))
                .isTrue();
        TransferItem stopped = find(id);
        assertThat(stopped.reasonCode()).isEqualTo("MALWARE");
        assertThat(stopped.reasonDetail()).isEqualTo("Eicar-Signature");
        assertThat(stopped.rules()).isEqualTo("r1");
        assertThat(read((Tx tx) -> store().stopped(tx, 10)))
                .extracting(TransferItem::id)
                .containsExactly(id);

        String other = receive(OUT, "tanaka", "acme", "議事録.txt", T0);
        publish(other, "議事録.txt");
        TransferItem published = find(other);
        assertThat(published.renditionName()).isEqualTo("議事録.txt");
        assertThat(published.renditionSize()).isEqualTo(7);
        assertThat(published.renditionSha256()).isEqualTo("d".repeat(64));
        assertThat(read((Tx tx) -> store().copies(tx, other)).published()).isTrue();
    }

    @Test
    void theQueueHandsOutDueItemsOldestFirstAndHoldsDeferredOnes() {
        String first = receive(IN, "a", "acme", "1.txt", T0);
        String second = receive(IN, "a", "acme", "2.txt", T0.plusSeconds(1));
        String third = receive(IN, "a", "acme", "3.txt", T0.plusSeconds(2));
        String done = receive(IN, "a", "acme", "4.txt", T0.plusSeconds(3));
        publish(done, "4.txt");
        assertThat(read((Tx tx) -> store().due(tx, T0.plusSeconds(10), 10))).containsExactly(first, second, third);
        assertThat(read((Tx tx) -> store().due(tx, T0.plusSeconds(10), 2))).containsExactly(first, second);
        Retrying retrying = new Retrying(Retrying.Reason.SCANNER_UNAVAILABLE, T0.plusSeconds(60));
        write(tx -> store().defer(tx, first, 3, retrying));
        assertThat(find(first).retrying()).contains(retrying);
        assertThat(find(first).attempts()).isEqualTo(3);
        assertThat(read((Tx tx) -> store().due(tx, T0.plusSeconds(10), 10)))
                .as("held until its time")
                .containsExactly(second, third);
        assertThat(read((Tx tx) -> store().due(tx, T0.plusSeconds(60), 10))).containsExactly(first, second, third);
        assertThat(read(store()::unfinished)).isEqualTo(3);
        assertThat(read((Tx tx) -> store().queuePosition(tx, third))).contains(2);
        assertThat(read((Tx tx) -> store().queuePosition(tx, done))).isEmpty();
        assertThat(advance(first, ItemState.RECEIVED, ItemState.DETECTED, new StepFacts.None()))
                .isTrue();
        assertThat(find(first).retrying()).as("a move ends the hold").isEmpty();
        assertThat(find(first).attempts()).isZero();
    }

    @Test
    void deliveredFilesAreListedByFlowAndOrganisation() {
        String toAcme = receive(OUT, "tanaka", "acme", "議事録.txt", T0);
        String toKita = receive(OUT, "tanaka", "kita", "議事録.txt", T0.plusSeconds(1));
        String inbound = receive(IN, "acme-user", "acme", "見積書.pdf", T0.plusSeconds(2));
        String waiting = receive(OUT, "tanaka", "acme", "未処理.txt", T0.plusSeconds(3));
        publish(toAcme, "議事録.txt");
        publish(toKita, "議事録.txt");
        publish(inbound, "見積書.pdf");
        assertThat(read((Tx tx) -> store().published(tx, OUT, Optional.of("acme"))))
                .extracting(TransferItem::id)
                .containsExactly(toAcme);
        assertThat(read((Tx tx) -> store().published(tx, OUT, Optional.empty())))
                .extracting(TransferItem::id)
                .containsExactlyInAnyOrder(toAcme, toKita);
        assertThat(read((Tx tx) -> store().published(tx, IN, Optional.empty())))
                .extracting(TransferItem::id)
                .containsExactly(inbound);
        assertThat(read((Tx tx) -> store().bySender(tx, "tanaka")))
                .extracting(TransferItem::id)
                .containsExactly(waiting, toKita, toAcme);

        String encrypted = receive(IN, "acme-user", "acme", "秘密.zip", T0.plusSeconds(4));
        assertThat(advance(
                        encrypted,
                        ItemState.RECEIVED,
                        ItemState.QUARANTINED,
                        new StepFacts.Stopped("ENCRYPTED_CONTENT", "Heuristics.Encrypted.Zip", "")))
                .isTrue();
        assertThat(read((Tx tx) -> store().heldEncrypted(tx, IN, Optional.of("acme"))))
                .extracting(TransferItem::id)
                .containsExactly(encrypted);
        assertThat(read((Tx tx) -> store().heldEncrypted(tx, IN, Optional.of("kita"))))
                .isEmpty();
    }

    @Test
    void thePreviousVersionIsTheNewestEarlierPublishedFileOfTheSameName() {
        String v1 = receive(OUT, "tanaka", "acme", "仕様書.docx", T0);
        String v2 = receive(OUT, "suzuki", "acme", "仕様書.docx", T0.plusSeconds(10));
        String elsewhere = receive(OUT, "tanaka", "kita", "仕様書.docx", T0.plusSeconds(5));
        String v3 = receive(OUT, "tanaka", "acme", "仕様書.docx", T0.plusSeconds(20));
        publish(v1, "仕様書.docx");
        publish(v2, "仕様書.docx");
        publish(elsewhere, "仕様書.docx");
        TransferItem latest = find(v3);
        assertThat(read((Tx tx) -> store().previousVersion(tx, latest)))
                .map(TransferItem::id)
                .contains(v2);
        assertThat(read((Tx tx) -> store().previousVersion(tx, find(v1)))).isEmpty();
    }

    @Test
    void theStatisticsCountWhatWasReceivedInAPeriod() {
        receive(IN, "a", "acme", "前.txt", T0.minusSeconds(1));
        String first = receive(IN, "a", "acme", "1.txt", T0);
        receive(OUT, "tanaka", "acme", "2.txt", T0.plusSeconds(59));
        receive(OUT, "tanaka", "acme", "後.txt", T0.plusSeconds(60));
        publish(first, "1.txt");
        assertThat(read((Tx tx) -> store().receivedBetween(tx, T0, T0.plusSeconds(60))))
                .as("from inclusive, to exclusive")
                .containsExactlyInAnyOrder(
                        new ItemStore.Counted(IN, ItemState.PUBLISHED, "", T0, Optional.of(T0)),
                        new ItemStore.Counted(OUT, ItemState.RECEIVED, "", T0.plusSeconds(59), Optional.empty()));
    }

    @Test
    void downloadsAndDecisionsAreRecorded() {
        String id = receive(OUT, "tanaka", "acme", "議事録.txt", T0);
        assertThat(read((Tx tx) -> store().firstDownload(tx, id))).isEmpty();
        write(tx -> {
            store().recordDownload(tx, id, "acme-user", "https", T0.plusSeconds(30));
            store().recordDownload(tx, id, "acme-sato", "sftp", T0.plusSeconds(20));
        });
        assertThat(read((Tx tx) -> store().firstDownload(tx, id))).contains(T0.plusSeconds(20));
        assertThat(read((Tx tx) -> store().decidedSince(tx, T0))).isEmpty();
        RecordedFacts facts = new RecordedFacts(Facts.of(OUT, "text/plain", 10, false), "");
        write(tx ->
                store().recordDecision(tx, id, facts, "allow", new Retention(Duration.ofDays(1), Duration.ofDays(30))));
        assertThat(read((Tx tx) -> store().decidedSince(tx, T0)))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.decision()).isEqualTo("allow");
                    assertThat(RecordedFacts.parse(i.facts())).isEqualTo(facts);
                });
        assertThat(read((Tx tx) -> store().decidedSince(tx, T0.plusSeconds(1)))).isEmpty();
        assertThat(read(store()::all)).extracting(TransferItem::id).isEqualTo(List.of(id));
    }
}
