package jp.kakehashi.appliance.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.ApprovalKind;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApprovalStore} adapter must do, run against each one by a subclass that
 * supplies the adapter, its transactions, and the accounts, items and original requests that
 * approvals refer to. SQLite runs it today; PostgreSQL is to run the same.
 */
public abstract class ApprovalStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    protected abstract Transactions transactions();

    protected abstract ApprovalStore store();

    /** Records staff accounts of these names, in a unit of their own. */
    protected abstract void staff(String... names);

    /** Records an item sent by {@code sender}, in a unit of its own; returns its id. */
    protected abstract String item(String sender);

    /** Records a request by {@code requester} to take out {@code item}'s original; returns its id. */
    protected abstract long originalRequest(String item, String requester);

    private <T> T write(Transactions.TxWork<T> work) {
        return transactions().writing(work);
    }

    private <T> T read(Transactions.TxWork<T> work) {
        return transactions().reading(work);
    }

    private static ApprovalStore.NewRequest request(String item, int seq, Optional<Long> original) {
        return new ApprovalStore.NewRequest(
                item,
                seq,
                ApprovalKind.TWO_PERSON,
                List.of("group:kacho", "user:sato"),
                "R1,R2",
                "ab".repeat(32),
                "{\"dlp\":[]}",
                original,
                T0,
                T0.plusSeconds(3600),
                T0.plusSeconds(7200));
    }

    @Test
    void aRequestIsStoredOncePerItemAndNumberAndReadBackWhole() {
        staff("tanaka");
        String item = item("tanaka");
        assertThat(read((Tx tx) -> store().nextSeq(tx, item))).isZero();
        long id = write((Tx tx) -> store().insertRequest(tx, request(item, 0, Optional.empty())))
                .orElseThrow();
        assertThat(write((Tx tx) -> store().insertRequest(tx, request(item, 0, Optional.empty()))))
                .as("a resumed step opens nothing twice")
                .isEmpty();
        assertThat(read((Tx tx) -> store().nextSeq(tx, item))).isEqualTo(1);
        ApprovalRequest r = read((Tx tx) -> store().request(tx, id)).orElseThrow();
        assertThat(r)
                .isEqualTo(new ApprovalRequest(
                        id,
                        item,
                        Optional.empty(),
                        ApprovalKind.TWO_PERSON,
                        List.of("group:kacho", "user:sato"),
                        "R1,R2",
                        "ab".repeat(32),
                        "{\"dlp\":[]}",
                        ApprovalState.PENDING,
                        false,
                        T0,
                        T0.plusSeconds(3600),
                        T0.plusSeconds(7200),
                        List.of()));
        assertThat(read((Tx tx) -> store().request(tx, id + 1000))).isEmpty();
    }

    @Test
    void releaseRequestsAndOriginalRequestsAreKeptApart() {
        staff("tanaka", "ito");
        String item = item("tanaka");
        long original = originalRequest(item, "ito");
        long release = write((Tx tx) -> store().insertRequest(tx, request(item, 0, Optional.empty())))
                .orElseThrow();
        long forOriginal = write((Tx tx) -> store().insertRequest(tx, request(item, 1, Optional.of(original))))
                .orElseThrow();
        assertThat(read((Tx tx) -> store().forItem(tx, item)))
                .extracting(ApprovalRequest::id)
                .containsExactly(release);
        assertThat(read((Tx tx) -> store().forOriginal(tx, original)))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo(forOriginal);
                    assertThat(r.originalRequest()).contains(original);
                });
        assertThat(read((Tx tx) -> store().requesterOfOriginal(tx, original))).contains("ito");
        assertThat(read((Tx tx) -> store().requesterOfOriginal(tx, original + 1000)))
                .isEmpty();
    }

    @Test
    void theRequestsAnApproverVotedOnStayReadableWithTheirVotes() {
        staff("tanaka");
        String a = item("tanaka");
        String b = item("tanaka");
        String c = item("tanaka");
        long first = write((Tx tx) -> store().insertRequest(tx, request(a, 0, Optional.empty())))
                .orElseThrow();
        long second = write((Tx tx) -> store().insertRequest(tx, request(b, 0, Optional.empty())))
                .orElseThrow();
        long notMine = write((Tx tx) -> store().insertRequest(tx, request(c, 0, Optional.empty())))
                .orElseThrow();
        write((Tx tx) -> {
            store().insertVote(tx, first, new Vote("yamada", "yamada", true, "確認しました", "ab".repeat(32), T0));
            store().insertVote(
                            tx,
                            second,
                            new Vote("yamada", "kato", false, "宛先が違います", "ab".repeat(32), T0.plusSeconds(60)));
            store().insertVote(tx, notMine, new Vote("sato", "sato", true, "", "ab".repeat(32), T0));
            return null;
        });
        assertThat(read((Tx tx) -> store().votedOnBy(tx, "yamada", 10)))
                .extracting(ApprovalRequest::id)
                .containsExactlyInAnyOrder(first, second);
        assertThat(read((Tx tx) -> store().votedOnBy(tx, "yamada", 1)))
                .as("the most recently voted on")
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo(second);
                    assertThat(r.votes()).extracting(Vote::comment).containsExactly("宛先が違います");
                });
        assertThat(read((Tx tx) -> store().votedOnBy(tx, "nobody", 10))).isEmpty();
    }

    @Test
    void stateEscalationAndVotesAreKeptInTheOrderCast() {
        staff("tanaka");
        String a = item("tanaka");
        String b = item("tanaka");
        long first = write((Tx tx) -> store().insertRequest(tx, request(a, 0, Optional.empty())))
                .orElseThrow();
        long second = write((Tx tx) -> store().insertRequest(tx, request(b, 0, Optional.empty())))
                .orElseThrow();
        Vote yamada = new Vote("yamada", "yamada", true, "確認しました", "ab".repeat(32), T0);
        Vote sato = new Vote("sato", "kato", false, "宛先が違います", "ab".repeat(32), T0);
        write((Tx tx) -> {
            store().insertVote(tx, first, yamada);
            store().insertVote(tx, first, sato);
            store().markEscalated(tx, first);
            store().setState(tx, second, ApprovalState.APPROVED, T0.plusSeconds(5));
            return null;
        });
        ApprovalRequest r = read((Tx tx) -> store().request(tx, first)).orElseThrow();
        assertThat(r.votes()).as("cast at the same instant, still in order").containsExactly(yamada, sato);
        assertThat(r.escalated()).isTrue();
        assertThat(read((Tx tx) -> store().pending(tx)))
                .extracting(ApprovalRequest::id)
                .containsExactly(first);
        assertThat(read((Tx tx) -> store().request(tx, second)).orElseThrow().state())
                .isEqualTo(ApprovalState.APPROVED);
    }

    @Test
    void delegationsAreGrantedListedAndRevokedOnce() {
        staff("tanaka", "sato", "kato");
        Delegation d = write((Tx tx) -> store().insertDelegation(
                        tx, new ApprovalStore.NewDelegation("tanaka", "sato", T0, T0.plusSeconds(86_400), "出張")));
        Delegation other = write((Tx tx) -> store().insertDelegation(
                        tx, new ApprovalStore.NewDelegation("tanaka", "kato", T0, T0.plusSeconds(60), "休暇")));
        assertThat(d)
                .isEqualTo(
                        new Delegation(d.id(), "tanaka", "sato", T0, T0.plusSeconds(86_400), "出張", Optional.empty()));
        assertThat(read((Tx tx) -> store().unrevokedDelegations(tx, Optional.empty())))
                .containsExactly(d, other);
        assertThat(read((Tx tx) -> store().unrevokedDelegations(tx, Optional.of("kato"))))
                .containsExactly(other);
        assertThat(write((Tx tx) -> store().revokeDelegation(tx, d.id(), T0.plusSeconds(10))))
                .isTrue();
        assertThat(write((Tx tx) -> store().revokeDelegation(tx, d.id(), T0.plusSeconds(20))))
                .as("revoked once")
                .isFalse();
        assertThat(write((Tx tx) -> store().revokeDelegation(tx, other.id() + 1000, T0)))
                .isFalse();
        assertThat(read((Tx tx) -> store().unrevokedDelegations(tx, Optional.empty())))
                .containsExactly(other);
    }

    @Test
    void theStatisticsCountRequestsMadeInAPeriodByState() {
        staff("tanaka");
        String a = item("tanaka");
        String b = item("tanaka");
        long approved = write((Tx tx) -> store().insertRequest(tx, request(a, 0, Optional.empty())))
                .orElseThrow();
        write((Tx tx) -> store().insertRequest(tx, request(b, 0, Optional.empty())));
        write((Tx tx) -> {
            store().setState(tx, approved, ApprovalState.APPROVED, T0);
            return null;
        });
        assertThat(read((Tx tx) -> store().countsRequestedBetween(tx, T0, T0.plusSeconds(1))))
                .containsExactlyInAnyOrderEntriesOf(
                        java.util.Map.of(ApprovalState.APPROVED, 1L, ApprovalState.PENDING, 1L));
        assertThat(read((Tx tx) -> store().countsRequestedBetween(tx, T0.plusSeconds(1), T0.plusSeconds(2))))
                .isEmpty();
    }

    @Test
    void aUnitThatFailsLeavesNothingBehind() {
        staff("tanaka");
        String item = item("tanaka");
        assertThatThrownBy(() -> write((Tx tx) -> {
                    store().insertRequest(tx, request(item, 0, Optional.empty()));
                    throw new IllegalStateException("refused after writing");
                }))
                .hasMessage("refused after writing");
        assertThat(read((Tx tx) -> store().forItem(tx, item))).isEmpty();
    }
}
