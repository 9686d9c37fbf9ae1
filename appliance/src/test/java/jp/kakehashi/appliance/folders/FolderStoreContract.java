package jp.kakehashi.appliance.folders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FolderStore} adapter must do, run against each one by a subclass that supplies
 * the adapter, its transactions and a way to record an item (versions are items' bytes, and a
 * version reads its item's state back). SQLite runs it today; PostgreSQL is to run the same.
 */
public abstract class FolderStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    protected abstract Transactions transactions();

    protected abstract FolderStore store();

    /**
     * Records, in a unit of its own, a transfer item in {@code state} whose bytes came from {@code
     * from}, handed out under {@code renditionName} when one is given; returns its id.
     */
    protected abstract String item(Zone from, ItemState state, Optional<String> renditionName);

    /** Moves an item to {@code state} in a unit of its own. */
    protected abstract void setState(String item, ItemState state);

    private <T> T write(Transactions.TxWork<T> work) {
        return transactions().writing(work);
    }

    private <T> T read(Transactions.TxWork<T> work) {
        return transactions().reading(work);
    }

    private Folder folder(String name) {
        return write((Tx tx) -> store().insertFolder(
                        tx,
                        new FolderStore.NewFolder(
                                name, name.toLowerCase(java.util.Locale.ROOT), "目的", "doboku", "tanaka", T0)));
    }

    @Test
    void foldersAreFoundByIdAndByKeyAndListedByKey() {
        Folder b = folder("Bridge");
        Folder a = folder("Apron");
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(read((Tx tx) -> store().folder(tx, b.id()))).contains(b);
        assertThat(read((Tx tx) -> store().folderWithKey(tx, "apron"))).contains(a);
        assertThat(read((Tx tx) -> store().folderWithKey(tx, "Apron")))
                .as("the key is compared as given")
                .isEmpty();
        assertThat(read((Tx tx) -> store().folders(tx))).containsExactly(a, b);
        assertThat(read((Tx tx) -> store().folder(tx, b.id() + a.id() + 100))).isEmpty();
        assertThat(b.createdAt()).isEqualTo(T0);
    }

    @Test
    void aMemberIsReplacedNotDoubledAndKeepsItsEnd() {
        Folder f = folder("f");
        Instant end = T0.plusSeconds(86_400);
        write((Tx tx) -> {
            store().putMember(
                            tx,
                            new Member(f.id(), Member.Kind.USER, "suzuki", FolderRole.VIEWER, Optional.empty()),
                            "tanaka",
                            T0);
            store().putMember(
                            tx,
                            new Member(f.id(), Member.Kind.ORGANISATION, "acme", FolderRole.EDITOR, Optional.of(end)),
                            "tanaka",
                            T0);
            store().putMember(
                            tx,
                            new Member(f.id(), Member.Kind.USER, "ando", FolderRole.MANAGER, Optional.empty()),
                            "tanaka",
                            T0);
            store().putMember(
                            tx,
                            new Member(f.id(), Member.Kind.USER, "suzuki", FolderRole.EDITOR, Optional.of(end)),
                            "tanaka",
                            T0);
            return null;
        });
        assertThat(read((Tx tx) -> store().members(tx, f.id())))
                .as("by kind, then name; suzuki once, with the new role and end")
                .containsExactly(
                        new Member(f.id(), Member.Kind.ORGANISATION, "acme", FolderRole.EDITOR, Optional.of(end)),
                        new Member(f.id(), Member.Kind.USER, "ando", FolderRole.MANAGER, Optional.empty()),
                        new Member(f.id(), Member.Kind.USER, "suzuki", FolderRole.EDITOR, Optional.of(end)));
        assertThat(write((Tx tx) -> store().removeMember(tx, f.id(), Member.Kind.USER, "suzuki")))
                .isTrue();
        assertThat(write((Tx tx) -> store().removeMember(tx, f.id(), Member.Kind.USER, "suzuki")))
                .isFalse();
        assertThat(write((Tx tx) -> store().removeMember(tx, f.id(), Member.Kind.ORGANISATION, "ando")))
                .as("a user and an organisation of the same name are different members")
                .isFalse();
        assertThat(read((Tx tx) -> store().members(tx, folder("g").id()))).isEmpty();
    }

    @Test
    void filesBelongToTheirFolderAndAreListedByKey() {
        Folder f = folder("f");
        Folder g = folder("g");
        FolderFile zu = write((Tx tx) -> store().insertFile(tx, f.id(), "Zu.pdf", "zu.pdf", T0));
        FolderFile an = write((Tx tx) -> store().insertFile(tx, f.id(), "案内.docx", "案内.docx", T0));
        FolderFile other = write((Tx tx) -> store().insertFile(tx, g.id(), "Zu.pdf", "zu.pdf", T0));
        assertThat(read((Tx tx) -> store().files(tx, f.id()))).containsExactly(zu, an);
        assertThat(read((Tx tx) -> store().fileWithKey(tx, g.id(), "zu.pdf"))).contains(other);
        assertThat(read((Tx tx) -> store().file(tx, an.id()))).contains(an);
        assertThat(read((Tx tx) -> store().fileWithKey(tx, f.id(), "nothing.pdf")))
                .isEmpty();
    }

    @Test
    void versionsComeOldestFirstWithTheirItemsStateNow() {
        Folder f = folder("f");
        FolderFile file = write((Tx tx) -> store().insertFile(tx, f.id(), "a.docx", "a.docx", T0));
        String one = item(Zone.INTERNET, ItemState.RECEIVED, Optional.empty());
        String two = item(Zone.LGWAN, ItemState.RECEIVED, Optional.empty());
        write((Tx tx) -> {
            store().insertVersion(
                            tx,
                            new FolderStore.NewVersion(
                                    file.id(), 2, two, Zone.LGWAN, "tanaka", 1, Optional.of(1), T0.plusSeconds(60)));
            store().insertVersion(
                            tx,
                            new FolderStore.NewVersion(
                                    file.id(), 1, one, Zone.INTERNET, "acme-user", 0, Optional.empty(), T0));
            return null;
        });
        setState(one, ItemState.PUBLISHED);
        assertThat(read((Tx tx) -> store().versions(tx, file.id())))
                .containsExactly(
                        new FileVersion(
                                file.id(), 1, one, Zone.INTERNET, "acme-user", 0, Optional.empty(), T0, "PUBLISHED"),
                        new FileVersion(
                                file.id(),
                                2,
                                two,
                                Zone.LGWAN,
                                "tanaka",
                                1,
                                Optional.of(1),
                                T0.plusSeconds(60),
                                "RECEIVED"));
        assertThat(read((Tx tx) -> store().filesHolding(tx, two))).containsExactly(file.id());
        assertThat(read((Tx tx) -> store().filesHolding(tx, "no-such-item"))).isEmpty();
    }

    @Test
    void aFileIsFoundByTheNameItsVersionWasHandedOutUnder() {
        Folder f = folder("f");
        FolderFile file = write((Tx tx) -> store().insertFile(tx, f.id(), "見積書.docm", "見積書.docm", T0));
        String it = item(Zone.INTERNET, ItemState.PUBLISHED, Optional.of("見積書.docx"));
        write((Tx tx) -> {
            store().insertVersion(
                            tx,
                            new FolderStore.NewVersion(
                                    file.id(), 1, it, Zone.INTERNET, "acme-user", 0, Optional.empty(), T0));
            return null;
        });
        assertThat(read((Tx tx) -> store().handedOut(tx, f.id())))
                .containsExactly(new FolderStore.HandedOut(file, "見積書.docx"));
        assertThat(read((Tx tx) -> store().handedOut(tx, folder("g").id()))).isEmpty();
    }

    @Test
    void aReadKeepsTheHighestVersionFetched() {
        Folder f = folder("f");
        FolderFile file = write((Tx tx) -> store().insertFile(tx, f.id(), "a.txt", "a.txt", T0));
        assertThat(read((Tx tx) -> store().lastRead(tx, file.id(), "suzuki"))).isEqualTo(OptionalInt.empty());
        write((Tx tx) -> {
            store().recordRead(tx, file.id(), "suzuki", 3, T0);
            store().recordRead(tx, file.id(), "suzuki", 2, T0.plusSeconds(1));
            store().recordRead(tx, file.id(), "tanaka", 1, T0);
            return null;
        });
        assertThat(read((Tx tx) -> store().lastRead(tx, file.id(), "suzuki"))).isEqualTo(OptionalInt.of(3));
        assertThat(read((Tx tx) -> store().lastRead(tx, file.id(), "tanaka"))).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void aLockIsReplacedKeptWhenRunOutAndRemoved() {
        Folder f = folder("f");
        FolderFile file = write((Tx tx) -> store().insertFile(tx, f.id(), "a.txt", "a.txt", T0));
        FileLock first = new FileLock(file.id(), "tanaka", T0.plusSeconds(60), T0);
        FileLock second = new FileLock(file.id(), "suzuki", T0.minusSeconds(1), T0.minusSeconds(30));
        write((Tx tx) -> {
            store().putLock(tx, first);
            store().putLock(tx, second);
            return null;
        });
        assertThat(read((Tx tx) -> store().lock(tx, file.id())))
                .as("the store keeps what it was given; whether a lock binds is the rules' to say")
                .contains(second);
        write((Tx tx) -> {
            store().removeLock(tx, file.id());
            return null;
        });
        assertThat(read((Tx tx) -> store().lock(tx, file.id()))).isEmpty();
    }

    @Test
    void aUnitThatFailsLeavesNothingBehind() {
        assertThatThrownBy(() -> write((Tx tx) -> {
                    Folder f = store().insertFolder(tx, new FolderStore.NewFolder("x", "x", "目的", "d", "tanaka", T0));
                    store().insertFile(tx, f.id(), "a.txt", "a.txt", T0);
                    throw new IllegalStateException("refused after writing");
                }))
                .hasMessage("refused after writing");
        assertThat(read((Tx tx) -> store().folders(tx))).isEmpty();
    }
}
