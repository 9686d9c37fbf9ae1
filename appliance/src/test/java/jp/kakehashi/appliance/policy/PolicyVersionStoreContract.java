package jp.kakehashi.appliance.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import org.junit.jupiter.api.Test;

/** What every {@link PolicyVersionStore} adapter must do, run by a subclass that supplies it. */
public abstract class PolicyVersionStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    protected abstract Transactions transactions();

    protected abstract PolicyVersionStore store();

    private PolicyVersion propose(String text) {
        return transactions()
                .writing((Tx tx) -> store().insert(
                                tx,
                                new PolicyVersionStore.NewVersion(
                                        "policy.yaml", text, "ab".repeat(32), "年度替わり", "kanri", T0)));
    }

    private PolicyVersion read(long id) {
        return transactions().reading((Tx tx) -> store().version(tx, id)).orElseThrow();
    }

    private void write(Consumer<Tx> work) {
        transactions().writing((Tx tx) -> {
            work.accept(tx);
            return Boolean.TRUE;
        });
    }

    @Test
    void aProposalIsStoredWholeAndListedNewestFirst() {
        PolicyVersion first = propose("version: 1\n");
        PolicyVersion second = propose("version: 2\n");
        assertThat(first)
                .isEqualTo(new PolicyVersion(
                        first.id(),
                        "policy.yaml",
                        "version: 1\n",
                        "ab".repeat(32),
                        "年度替わり",
                        "kanri",
                        T0,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        PolicyVersion.State.PROPOSED,
                        ""));
        assertThat(transactions().reading((Tx tx) -> store().all(tx))).containsExactly(second, first);
        assertThat(transactions().reading((Tx tx) -> store().newest(tx, PolicyVersion.State.PROPOSED)))
                .contains(second);
        assertThat(transactions().reading((Tx tx) -> store().newest(tx, PolicyVersion.State.ACTIVE)))
                .isEmpty();
    }

    @Test
    void activatingSupersedesTheVersionInForceAndOlderConfirmedOnes() {
        PolicyVersion old = propose("a");
        PolicyVersion skipped = propose("b");
        PolicyVersion chosen = propose("c");
        PolicyVersion newer = propose("d");
        PolicyVersion broken = propose("e");
        write(tx -> {
            store().confirm(tx, old.id(), "kanri2", T0.plusSeconds(1));
            store().activate(tx, old.id(), T0.plusSeconds(2));
            store().confirm(tx, skipped.id(), "kanri2", T0.plusSeconds(3));
            store().confirm(tx, chosen.id(), "kanri2", T0.plusSeconds(4));
            store().confirm(tx, newer.id(), "kanri2", T0.plusSeconds(5));
            store().refuse(tx, broken.id(), "policy.yaml:3:1 unknown key");
            store().activate(tx, chosen.id(), T0.plusSeconds(6));
        });
        assertThat(read(old.id()).state()).isEqualTo(PolicyVersion.State.SUPERSEDED);
        assertThat(read(skipped.id()).state()).isEqualTo(PolicyVersion.State.SUPERSEDED);
        assertThat(read(chosen.id()).state()).isEqualTo(PolicyVersion.State.ACTIVE);
        assertThat(read(chosen.id()).activatedAt()).contains(T0.plusSeconds(6));
        assertThat(read(chosen.id()).confirmedBy()).contains("kanri2");
        assertThat(read(chosen.id()).confirmedAt()).contains(T0.plusSeconds(4));
        assertThat(read(newer.id()).state())
                .as("a newer confirmed version waits for its own activation")
                .isEqualTo(PolicyVersion.State.CONFIRMED);
        assertThat(read(broken.id()).state()).isEqualTo(PolicyVersion.State.REFUSED);
        assertThat(read(broken.id()).detail()).isEqualTo("policy.yaml:3:1 unknown key");
        assertThat(transactions().reading((Tx tx) -> store().newest(tx, PolicyVersion.State.ACTIVE)))
                .map(PolicyVersion::id)
                .contains(chosen.id());
    }
}
