package jp.kakehashi.appliance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import org.junit.jupiter.api.Test;

/** What every {@link DepartmentStore} adapter must do, run by a subclass that supplies it and its transactions. */
public abstract class DepartmentStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    protected abstract Transactions transactions();

    protected abstract DepartmentStore store();

    private <T> T read(Transactions.TxWork<T> work) {
        return transactions().reading(work);
    }

    private void write(Consumer<Tx> work) {
        transactions().writing((Tx tx) -> {
            work.accept(tx);
            return Boolean.TRUE;
        });
    }

    @Test
    void departmentsAreKeptWithTheirNamesAndPartners() {
        assertThat(transactions().writing((Tx tx) -> store().insert(tx, "zeimu", "税務課", T0)))
                .isTrue();
        assertThat(transactions().writing((Tx tx) -> store().insert(tx, "zeimu", "別の課", T0)))
                .as("an id is taken once")
                .isFalse();
        write(tx -> {
            store().insert(tx, "kodomo", "子ども家庭課", T0);
            store().link(tx, "zeimu", "acme");
            store().link(tx, "zeimu", "kita");
            store().unlink(tx, "zeimu", "kita");
        });
        assertThat(transactions().writing((Tx tx) -> store().link(tx, "zeimu", "acme")))
                .isFalse();
        assertThat(transactions().writing((Tx tx) -> store().unlink(tx, "zeimu", "kita")))
                .isFalse();
        assertThat(transactions().writing((Tx tx) -> store().rename(tx, "nobody", "課")))
                .isFalse();
        write(tx -> store().rename(tx, "kodomo", "こども家庭課"));

        assertThat(read(store()::all))
                .containsExactly(
                        new Department("kodomo", "こども家庭課", false, Set.of()),
                        new Department("zeimu", "税務課", false, Set.of("acme")));
        assertThat(read((Tx tx) -> store().find(tx, "zeimu")))
                .contains(new Department("zeimu", "税務課", false, Set.of("acme")));
        assertThat(read((Tx tx) -> store().find(tx, "nobody"))).isEmpty();
    }

    @Test
    void thereIsOneReceptionAtATime() {
        write(tx -> {
            store().insert(tx, "somu", "総務課", T0);
            store().insert(tx, "zeimu", "税務課", T0);
        });
        assertThat(transactions().writing((Tx tx) -> store().setReception(tx, "somu")))
                .as("no file was sent to no department")
                .isZero();
        write(tx -> store().setReception(tx, "zeimu"));

        assertThat(read(store()::all))
                .filteredOn(Department::reception)
                .extracting(Department::id)
                .containsExactly("zeimu");
    }
}
