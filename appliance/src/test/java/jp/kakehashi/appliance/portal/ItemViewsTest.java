package jp.kakehashi.appliance.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;
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
            Items items = new Items(db, new JdbcItemStore(), Clock.systemUTC());
            String id = "0000000000000000000000a2";
            items.insertReceived(
                    id,
                    new Flow(Zone.LGWAN, Zone.INTERNET),
                    "tanaka",
                    "acme",
                    "報告書.docx",
                    new StoredBlob(new BlobId("b".repeat(32)), 182, "0".repeat(64)));
            assertThat(items.advance(id, ItemState.RECEIVED, state, new StepFacts.Stopped(code, detail, "")))
                    .isTrue();
            return new ItemViews(items).view(items.find(id).orElseThrow()).reason();
        }
    }
}
