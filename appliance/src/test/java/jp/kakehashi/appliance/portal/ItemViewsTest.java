package jp.kakehashi.appliance.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import jp.kakehashi.appliance.StoppedItem;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Departments;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.jdbc.JdbcDepartmentStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.web.port.ItemView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sender of a stopped file reads: the approver's comment, but never a detail meant for the officers. */
class ItemViewsTest {
    @TempDir
    Path tmp;

    @Test
    void aRejectedFileShowsItsSenderTheApproversComment() {
        assertThat(reasonOf(ItemState.REJECTED, "APPROVAL_REJECTED", "宛先が違います。総務課あてに送り直してください"))
                .hasValueSatisfying(r -> {
                    assertThat(r.ja()).isEqualTo("承認者が却下しました");
                    assertThat(r.detail()).isEqualTo("宛先が違います。総務課あてに送り直してください");
                });
    }

    @Test
    void aMalwareSignatureAndAnExpiryNoteStayWithTheOfficers() {
        assertThat(reasonOf(ItemState.QUARANTINED, "MALWARE", "Eicar-Signature"))
                .hasValueSatisfying(r -> assertThat(r.detail()).isEmpty());
        assertThat(reasonOf(ItemState.REJECTED, "APPROVAL_EXPIRED", "no decision before 2026-11-25T01:00:00Z"))
                .hasValueSatisfying(r -> assertThat(r.detail()).isEmpty());
    }

    /** A file stopped with {@code code} and {@code detail}, stored and read back as the portal reads it. */
    private Optional<ItemView.Reason> reasonOf(ItemState state, String code, String detail) {
        try (Database db = Database.open(tmp.resolve(code + ".db"))) {
            Names names = new Names(
                    new Accounts(
                            db,
                            new JdbcIdentityStore(),
                            new PasswordHasher(new java.security.SecureRandom()),
                            Clock.systemUTC()),
                    new Departments(db, new JdbcDepartmentStore(), Clock.systemUTC()));
            return new ItemViews(new Items(db, new JdbcItemStore(), Clock.systemUTC()), names)
                    .view(StoppedItem.in(db, state, code, detail), jp.kakehashi.sanitizer.Receipts.Reader.SENDER)
                    .reason();
        }
    }
}
