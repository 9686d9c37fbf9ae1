package jp.kakehashi.appliance.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import jp.kakehashi.appliance.StoppedItem;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP receipt a sender reads beside a file that did not cross. */
class ReceiptTest {
    @TempDir
    Path tmp;

    @Test
    void aRejectedFilesReceiptGivesTheApproversReason() {
        String receipt = receiptOf(ItemState.REJECTED, "APPROVAL_REJECTED", "宛先が違います。総務課あてに送り直してください");
        assertThat(receipt)
                .contains("理由コード / Reason code: APPROVAL_REJECTED")
                .contains("理由: 承認者が却下しました")
                .contains("詳細 / Detail: 宛先が違います。総務課あてに送り直してください");
    }

    @Test
    void aMalwareSignatureIsNotWrittenForTheSender() {
        String receipt = receiptOf(ItemState.QUARANTINED, "MALWARE", "Eicar-Signature");
        assertThat(receipt).contains("理由: マルウェアが検出されました", "原本は隔離され").doesNotContain("Eicar-Signature");
    }

    private String receiptOf(ItemState state, String code, String detail) {
        try (Database db = Database.open(tmp.resolve(code + ".db"))) {
            return Receipt.render(StoppedItem.in(db, state, code, detail));
        }
    }
}
