package jp.kakehashi.appliance.originals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OriginalStore} adapter must do, run by a subclass that supplies it, its
 * transactions, and the accounts and items requests refer to.
 */
public abstract class OriginalStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    protected abstract Transactions transactions();

    protected abstract OriginalStore store();

    /** Records staff accounts of these names, in a unit of their own. */
    protected abstract void staff(String... names);

    /** Records an item sent by {@code sender}, in a unit of its own; returns its id. */
    protected abstract String item(String sender);

    private <T> T write(Transactions.TxWork<T> work) {
        return transactions().writing(work);
    }

    private <T> T read(Transactions.TxWork<T> work) {
        return transactions().reading(work);
    }

    private OriginalRequest ask(String item, String requester) {
        return write((Tx tx) -> store().insert(
                        tx, new OriginalStore.NewRequest(item, requester, "原本で照合するため", Duration.ofHours(24), T0)));
    }

    @Test
    void aRequestIsStoredWholeAndListedOldestFirst() {
        staff("ito", "sato");
        String item = item("acme-user");
        OriginalRequest first = ask(item, "ito");
        OriginalRequest second = ask(item, "sato");
        assertThat(first)
                .isEqualTo(new OriginalRequest(
                        first.id(),
                        item,
                        "ito",
                        "原本で照合するため",
                        OriginalState.REQUESTED,
                        Duration.ofHours(24),
                        T0,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        ""));
        assertThat(read((Tx tx) -> store().request(tx, second.id()))).contains(second);
        assertThat(read((Tx tx) -> store().all(tx))).containsExactly(first, second);
        assertThat(read((Tx tx) -> store().byRequester(tx, "sato"))).containsExactly(second);
        assertThat(read((Tx tx) -> store().inState(tx, OriginalState.REQUESTED)))
                .containsExactly(first, second);
        assertThat(read((Tx tx) -> store().inState(tx, OriginalState.RELEASED))).isEmpty();
    }

    @Test
    void eachMoveAppliesOnceAndOnlyFromTheStateItWasReadIn() {
        staff("ito");
        OriginalRequest r = ask(item("acme-user"), "ito");
        assertThat(write((Tx tx) -> store().release(tx, r.id(), T0, T0.plusSeconds(60))))
                .as("not approved yet")
                .isFalse();
        assertThat(write((Tx tx) -> store().approve(tx, r.id()))).isTrue();
        assertThat(write((Tx tx) -> store().approve(tx, r.id()))).isFalse();
        assertThat(write((Tx tx) -> store().release(tx, r.id(), T0.plusSeconds(5), T0.plusSeconds(65))))
                .isTrue();
        assertThat(write((Tx tx) -> store().end(
                                tx,
                                r.id(),
                                OriginalState.APPROVED,
                                OriginalState.REFUSED,
                                OriginalOutcome.RESCAN_INFECTED,
                                "Eicar",
                                T0.plusSeconds(6))))
                .as("it had moved on to RELEASED")
                .isFalse();
        assertThat(write((Tx tx) -> store().end(
                                tx,
                                r.id(),
                                OriginalState.RELEASED,
                                OriginalState.WITHDRAWN,
                                OriginalOutcome.TIME_UP,
                                "",
                                T0.plusSeconds(70))))
                .isTrue();
        OriginalRequest ended = read((Tx tx) -> store().request(tx, r.id())).orElseThrow();
        assertThat(ended.state()).isEqualTo(OriginalState.WITHDRAWN);
        assertThat(ended.releasedAt()).contains(T0.plusSeconds(5));
        assertThat(ended.availableUntil()).contains(T0.plusSeconds(65));
        assertThat(ended.endedAt()).contains(T0.plusSeconds(70));
        assertThat(ended.outcome()).contains(OriginalOutcome.TIME_UP);
    }
}
