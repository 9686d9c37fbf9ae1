package jp.kakehashi.appliance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import org.junit.jupiter.api.Test;

/** What every {@link IdentityStore} adapter must do, run by a subclass that supplies it and its transactions. */
public abstract class IdentityStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Account TANAKA = new Account("tanaka", Role.STAFF, "doboku", List.of(), false);
    private static final Account ACME = new Account("acme-user", Role.PARTNER, "acme", List.of(), false);

    protected abstract Transactions transactions();

    protected abstract IdentityStore store();

    private <T> T read(Transactions.TxWork<T> work) {
        return transactions().reading(work);
    }

    private void write(Consumer<Tx> work) {
        transactions().writing((Tx tx) -> {
            work.accept(tx);
            return Boolean.TRUE;
        });
    }

    private void accounts() {
        write(tx -> {
            store().insertAccount(tx, TANAKA, Optional.of("$argon2id$hash"), T0);
            store().insertAccount(tx, ACME, Optional.empty(), T0);
            store().insertAccount(
                            tx, new Account("kita-user", Role.PARTNER, "kita", List.of(), true), Optional.empty(), T0);
        });
    }

    @Test
    void accountsAreKeptWithTheirPasswordsGroupsAndGeneration() {
        accounts();
        assertThat(read((Tx tx) -> store().accountExists(tx, "tanaka"))).isTrue();
        assertThat(read((Tx tx) -> store().accountExists(tx, "nobody"))).isFalse();
        assertThat(read((Tx tx) -> store().account(tx, "acme-user"))).contains(ACME);
        assertThat(read((Tx tx) -> store().passwordHash(tx, "tanaka"))).contains("$argon2id$hash");
        assertThat(read((Tx tx) -> store().passwordHash(tx, "acme-user"))).isEmpty();
        assertThat(read((Tx tx) -> store().passwordHash(tx, "nobody"))).isEmpty();
        write(tx -> {
            store().addGroup(tx, "tanaka", "kacho");
            store().addGroup(tx, "tanaka", "kacho");
            store().addGroup(tx, "tanaka", "doboku");
            store().removeGroup(tx, "tanaka", "doboku");
            store().setPasswordHash(tx, "acme-user", "$argon2id$new");
            store().setDisabled(tx, "tanaka", true);
            store().bumpGeneration(tx, "tanaka");
            store().bumpGeneration(tx, "tanaka");
        });
        assertThat(read((Tx tx) -> store().groups(tx, "tanaka"))).containsExactly("kacho");
        assertThat(read((Tx tx) -> store().passwordHash(tx, "acme-user"))).contains("$argon2id$new");
        assertThat(read((Tx tx) -> store().withGeneration(tx, "tanaka"))).hasValueSatisfying(g -> {
            assertThat(g.account().disabled()).isTrue();
            assertThat(g.credentials()).isEqualTo(2);
        });
        assertThat(read((Tx tx) -> store().withGeneration(tx, "acme-user")))
                .map(Accounts.Generation::credentials)
                .contains(0L);
        assertThat(read(store()::partnerOrganisations)).containsExactly("acme", "kita");
        assertThat(read(store()::accounts))
                .extracting(l -> l.account().name() + ":" + l.hasPassword() + ":" + l.groups())
                .containsExactly("acme-user:true:[]", "kita-user:false:[]", "tanaka:true:[kacho]");
    }

    @Test
    void aDirectoryAccountKeepsItsEntryAndTakesTheRoleAndDepartmentItIsGiven() {
        accounts();
        assertThat(read((Tx tx) -> store().directoryDn(tx, "tanaka")))
                .as("local")
                .isEmpty();
        write(tx -> {
            store().setDirectoryDn(tx, "tanaka", "uid=tanaka,ou=people,dc=city,dc=example");
            store().setRoleAndOrganisation(tx, "tanaka", Role.OFFICER, "johoka");
        });
        assertThat(read((Tx tx) -> store().directoryDn(tx, "tanaka")))
                .contains("uid=tanaka,ou=people,dc=city,dc=example");
        assertThat(read((Tx tx) -> store().account(tx, "tanaka")))
                .contains(new Account("tanaka", Role.OFFICER, "johoka", List.of(), false));
        assertThat(read((Tx tx) -> store().directoryDn(tx, "acme-user"))).isEmpty();
    }

    @Test
    void tokensAreFoundByHashListedNewestFirstAndRevoked() {
        accounts();
        long first = transactions()
                .writing(
                        (Tx tx) -> store().insertToken(tx, "tanaka", "集計", "a".repeat(64), T0, T0.plusSeconds(86_400)));
        long second = transactions()
                .writing((Tx tx) -> store().insertToken(
                                tx, "tanaka", "連携", "b".repeat(64), T0.plusSeconds(1), T0.plusSeconds(86_400)));
        write(tx -> store().touchToken(tx, "a".repeat(64), T0.plusSeconds(5)));
        assertThat(read((Tx tx) -> store().unrevokedToken(tx, "a".repeat(64)))).hasValueSatisfying(t -> {
            assertThat(t.id()).isEqualTo(first);
            assertThat(t.account()).isEqualTo("tanaka");
            assertThat(t.lastUsedAt()).contains(T0.plusSeconds(5));
        });
        assertThat(read((Tx tx) -> store().tokens(tx, "tanaka")))
                .extracting(IdentityStore.StoredToken::id)
                .containsExactly(second, first);
        assertThat(transactions().writing((Tx tx) -> store().revokeToken(tx, first, "acme-user", T0)))
                .as("not that account's")
                .isFalse();
        assertThat(transactions().writing((Tx tx) -> store().revokeToken(tx, first, "tanaka", T0)))
                .isTrue();
        assertThat(read((Tx tx) -> store().unrevokedToken(tx, "a".repeat(64)))).isEmpty();
        assertThat(transactions().writing((Tx tx) -> store().revokeTokens(tx, "tanaka", T0)))
                .isEqualTo(1);
    }

    @Test
    void anAuthenticatorsStepIsClaimedOnlyForward() {
        accounts();
        write(tx -> store().putFactor(tx, "tanaka", "sealed-1", T0, 100));
        assertThat(transactions().writing((Tx tx) -> store().claimStep(tx, "tanaka", 100)))
                .as("the enrolment's own step is used")
                .isFalse();
        assertThat(transactions().writing((Tx tx) -> store().claimStep(tx, "tanaka", 101)))
                .isTrue();
        assertThat(transactions().writing((Tx tx) -> store().claimStep(tx, "tanaka", 101)))
                .isFalse();
        write(tx -> store().putFactor(tx, "tanaka", "sealed-2", T0, 50));
        assertThat(read((Tx tx) -> store().factor(tx, "tanaka")))
                .contains(new IdentityStore.StoredFactor("sealed-2", 50));
        assertThat(read(store()::enrolled)).containsExactly("tanaka");
        assertThat(transactions().writing((Tx tx) -> store().removeFactor(tx, "tanaka")))
                .isTrue();
        assertThat(transactions().writing((Tx tx) -> store().removeFactor(tx, "tanaka")))
                .isFalse();
    }

    @Test
    void failuresAreCountedPerSubjectSinceAnInstantAndForgotten() {
        write(tx -> {
            store().addFailures(tx, List.of("account:lgwan:tanaka", "source:10.0.0.1"), 1_000);
            store().addFailures(tx, List.of("account:lgwan:tanaka", "source:10.0.0.1"), 2_000);
        });
        assertThat(read((Tx tx) -> store().failuresSince(tx, "account:lgwan:tanaka", 1_000)))
                .isEqualTo(2);
        assertThat(read((Tx tx) -> store().failuresSince(tx, "account:lgwan:tanaka", 1_001)))
                .isEqualTo(1);
        write(tx -> store().forgetFailuresBefore(tx, 1_500));
        assertThat(read((Tx tx) -> store().failuresSince(tx, "source:10.0.0.1", 0)))
                .isEqualTo(1);
        write(tx -> store().clearFailures(tx, "account:lgwan:tanaka"));
        assertThat(read((Tx tx) -> store().failuresSince(tx, "account:lgwan:tanaka", 0)))
                .isZero();
    }

    @Test
    void aPasswordLinkIsOpenUntilUsedOrVoided() {
        accounts();
        write(tx -> {
            store().insertLink(tx, "c".repeat(64), "acme-user", "INVITE", "kanri", T0, T0.plusSeconds(600));
            store().voidOpenLinks(tx, "acme-user");
            store().insertLink(tx, "d".repeat(64), "acme-user", "RESET", "kanri", T0, T0.plusSeconds(300));
        });
        assertThat(read((Tx tx) -> store().openLink(tx, "c".repeat(64))))
                .as("voided")
                .isEmpty();
        assertThat(read((Tx tx) -> store().openLink(tx, "d".repeat(64))))
                .contains(new IdentityStore.OpenLink("acme-user", T0.plusSeconds(300)));
        assertThat(read((Tx tx) -> store().openLinkExpiries(tx, "acme-user"))).containsExactly(T0.plusSeconds(300));
        write(tx -> store().useLink(tx, "d".repeat(64), T0.plusSeconds(10)));
        assertThat(read((Tx tx) -> store().openLink(tx, "d".repeat(64)))).isEmpty();
        assertThat(read((Tx tx) -> store().openLinkExpiries(tx, "acme-user"))).isEmpty();
    }
}
