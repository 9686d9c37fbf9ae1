package jp.kakehashi.appliance.folders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.folders.ShareLinks.ShareLink;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ShareLinkStore} adapter must do, run by a subclass that supplies it with the
 * folder store of the same database (a link is to a folder file).
 */
public abstract class ShareLinkStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    protected abstract Transactions transactions();

    protected abstract ShareLinkStore store();

    protected abstract FolderStore folders();

    private <T> T write(Transactions.TxWork<T> work) {
        return transactions().writing(work);
    }

    private <T> T read(Transactions.TxWork<T> work) {
        return transactions().reading(work);
    }

    private long file() {
        return write((Tx tx) -> {
            Folder f = folders()
                    .insertFolder(
                            tx,
                            new FolderStore.NewFolder(
                                    "f" + System.nanoTime(), "k" + System.nanoTime(), "目的", "d", "tanaka", T0));
            return folders().insertFile(tx, f.id(), "図面.pdf", "図面.pdf", T0).id();
        });
    }

    private ShareLink link(long file, String digest, Optional<String> phc, int max) {
        return write((Tx tx) -> store().insert(
                        tx,
                        new ShareLinkStore.NewLink(
                                digest, file, 2, "acme 山田様", phc, max, "tanaka", T0, T0.plusSeconds(86_400))));
    }

    @Test
    void aLinkIsFoundByIdAndByTokenDigestAndListedNewestFirst() {
        long file = file();
        ShareLink first = link(file, "a".repeat(64), Optional.empty(), 3);
        ShareLink second = link(file, "b".repeat(64), Optional.of("$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA"), 1);
        assertThat(first)
                .isEqualTo(new ShareLink(
                        first.id(),
                        file,
                        2,
                        "acme 山田様",
                        false,
                        3,
                        0,
                        0,
                        "tanaka",
                        T0,
                        T0.plusSeconds(86_400),
                        Optional.empty()));
        assertThat(second.passwordSet()).isTrue();
        assertThat(read((Tx tx) -> store().withToken(tx, "b".repeat(64)))).contains(second);
        assertThat(read((Tx tx) -> store().withToken(tx, "c".repeat(64)))).isEmpty();
        assertThat(read((Tx tx) -> store().link(tx, first.id()))).contains(first);
        assertThat(read((Tx tx) -> store().ofFile(tx, file))).containsExactly(second, first);
        assertThat(read((Tx tx) -> store().passwordOf(tx, second.id())))
                .contains("$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA");
        assertThat(read((Tx tx) -> store().passwordOf(tx, first.id()))).isEmpty();
    }

    @Test
    void downloadsAreCountedOnlyUnderTheLimitAndWhileNotRevoked() {
        long file = file();
        ShareLink twice = link(file, "a".repeat(64), Optional.empty(), 2);
        assertThat(write((Tx tx) -> store().countDownload(tx, twice.id()))).isTrue();
        assertThat(write((Tx tx) -> store().countDownload(tx, twice.id()))).isTrue();
        assertThat(write((Tx tx) -> store().countDownload(tx, twice.id())))
                .as("the limit is reached")
                .isFalse();
        assertThat(read((Tx tx) -> store().link(tx, twice.id())).orElseThrow().downloads())
                .isEqualTo(2);
        ShareLink revoked = link(file, "b".repeat(64), Optional.empty(), 5);
        assertThat(write((Tx tx) -> store().revoke(tx, revoked.id(), "tanaka", T0.plusSeconds(60))))
                .isTrue();
        assertThat(write((Tx tx) -> store().revoke(tx, revoked.id(), "suzuki", T0.plusSeconds(90))))
                .as("revoked once")
                .isFalse();
        assertThat(write((Tx tx) -> store().countDownload(tx, revoked.id()))).isFalse();
        assertThat(read((Tx tx) -> store().link(tx, revoked.id())).orElseThrow().revokedAt())
                .contains(T0.plusSeconds(60));
    }

    @Test
    void wrongPasswordsAreCounted() {
        ShareLink l = link(file(), "a".repeat(64), Optional.of("phc"), 5);
        write((Tx tx) -> {
            store().countWrongPassword(tx, l.id());
            store().countWrongPassword(tx, l.id());
            return null;
        });
        assertThat(read((Tx tx) -> store().link(tx, l.id())).orElseThrow().failures())
                .isEqualTo(2);
    }
}
