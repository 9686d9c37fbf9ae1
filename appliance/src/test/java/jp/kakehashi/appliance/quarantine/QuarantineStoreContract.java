package jp.kakehashi.appliance.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import org.junit.jupiter.api.Test;

/**
 * What every {@link QuarantineStore} adapter must do, run by a subclass that supplies it, its
 * transactions, and the accounts and items releases refer to.
 */
public abstract class QuarantineStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    protected abstract Transactions transactions();

    protected abstract QuarantineStore store();

    /** Records staff accounts of these names, in a unit of their own. */
    protected abstract void staff(String... names);

    /** Records an item sent by {@code sender}, in a unit of its own; returns its id. */
    protected abstract String item(String sender);

    private QuarantineRelease release(String item, String officer, Instant at) {
        return transactions()
                .writing((Tx tx) -> store().insert(
                                tx,
                                new QuarantineStore.NewRelease(item, officer, "警察からの照会", at, at.plusSeconds(86_400))));
    }

    @Test
    void releasesAreKeptWholePerItemInTheOrderMade() {
        staff("ito", "kato");
        String item = item("acme-user");
        String other = item("acme-user");
        QuarantineRelease later = release(item, "kato", T0.plusSeconds(60));
        QuarantineRelease first = release(item, "ito", T0);
        QuarantineRelease elsewhere = release(other, "ito", T0);
        assertThat(first)
                .isEqualTo(new QuarantineRelease(first.id(), item, "ito", "警察からの照会", T0, T0.plusSeconds(86_400)));
        assertThat(transactions().reading((Tx tx) -> store().releases(tx, item)))
                .as("by when they were made")
                .containsExactly(first, later);
        assertThat(transactions().reading((Tx tx) -> store().releases(tx, other)))
                .containsExactly(elsewhere);
        assertThat(transactions().reading((Tx tx) -> store().releases(tx, "no-such-item")))
                .isEmpty();
    }
}
