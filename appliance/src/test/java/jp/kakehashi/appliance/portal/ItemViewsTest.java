package jp.kakehashi.appliance.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.Database;
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

    private Optional<ItemView.Reason> reasonOf(ItemState state, String code, String detail) {
        try (Database db = Database.open(tmp.resolve(code + ".db"))) {
            Items items = new Items(db, new JdbcItemStore(), Clock.systemUTC());
            return new ItemViews(items).view(item(state, code, detail)).reason();
        }
    }

    private static TransferItem item(ItemState state, String code, String detail) {
        Instant at = Instant.parse("2026-11-24T01:00:00Z");
        return new TransferItem(
                "0000000000000000000000a2",
                new Flow(Zone.LGWAN, Zone.INTERNET),
                "tanaka",
                "acme",
                "報告書.docx",
                182,
                "",
                "",
                state,
                0,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                false,
                "",
                "",
                "",
                -1,
                "",
                "",
                code,
                detail,
                "",
                "",
                "",
                at,
                at,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
