package jp.kakehashi.appliance.ppap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import org.junit.jupiter.api.Test;

/** What every {@link UnlockStore} adapter must do, run by a subclass that supplies it and the items attempts refer to. */
public abstract class UnlockStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    protected abstract Transactions transactions();

    protected abstract UnlockStore store();

    /** Records an item, in a unit of its own; returns its id. */
    protected abstract String item();

    private void attempt(String item, Instant at, UnlockStore.Outcome outcome) {
        transactions().writing((Tx tx) -> {
            store().record(tx, item, "tanaka", at, outcome);
            return Boolean.TRUE;
        });
    }

    @Test
    void wrongPasswordsAreCountedFromAnInstantAndAnOpeningIsRemembered() {
        String held = item();
        String other = item();
        UnlockStore.Outcome wrong = new UnlockStore.Outcome.Failed(UnlockRefused.Reason.WRONG_PASSWORD);
        attempt(held, T0, wrong);
        attempt(held, T0.plusSeconds(600), wrong);
        attempt(held, T0.plusSeconds(700), new UnlockStore.Outcome.Failed(UnlockRefused.Reason.CANNOT_OPEN));
        attempt(other, T0.plusSeconds(700), wrong);
        assertThat(transactions().reading((Tx tx) -> store().wrongPasswordsSince(tx, held, T0)))
                .isEqualTo(2);
        assertThat(transactions().reading((Tx tx) -> store().wrongPasswordsSince(tx, held, T0.plusSeconds(1))))
                .as("only those at or after the instant, and only wrong passwords")
                .isEqualTo(1);
        assertThat(transactions().reading((Tx tx) -> store().openedAs(tx, held)))
                .isEmpty();
        String opened = item();
        attempt(held, T0.plusSeconds(800), new UnlockStore.Outcome.Opened(opened));
        assertThat(transactions().reading((Tx tx) -> store().openedAs(tx, held)))
                .contains(opened);
        assertThat(transactions().reading((Tx tx) -> store().openedAs(tx, other)))
                .isEmpty();
    }
}
