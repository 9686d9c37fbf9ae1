package jp.kakehashi.appliance.sftp;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import jp.kakehashi.appliance.approval.RejectionReason;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.ItemReport;
import jp.kakehashi.sanitizer.Receipts;
import jp.kakehashi.sanitizer.Removal;

/** The text a sender reads about one file: its state and, when it did not cross, why, in Japanese and English. */
final class Receipt {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    private Receipt() {}

    static String render(TransferItem item) {
        StringBuilder s = new StringBuilder();
        s.append("ファイル / File: ").append(item.name()).append('\n');
        s.append("受付日時 / Received: ").append(TIME.format(item.createdAt())).append('\n');
        s.append("大きさ / Size: ").append(Sizes.human(item.size())).append('\n');
        s.append("SHA-256: ").append(item.sha256()).append('\n');
        s.append("状態 / State: ")
                .append(item.state().japanese())
                .append(" (")
                .append(item.state().name())
                .append(")\n");
        if (item.state() == ItemState.BLOCKED
                || item.state() == ItemState.QUARANTINED
                || item.state() == ItemState.REJECTED) {
            s.append("理由コード / Reason code: ").append(item.reasonCode()).append('\n');
            ItemReport.Texts texts = ItemReport.reason(item.reasonCode());
            s.append("理由: ").append(texts.ja()).append('\n');
            s.append("Reason: ").append(texts.en()).append('\n');
            if (!item.rules().isEmpty()) {
                s.append("規則 / Policy rules: ").append(item.rules()).append('\n');
            }
            if (ItemReport.detailForSender(item.reasonCode())
                    && !item.reasonDetail().isBlank()) {
                // The rule's own message to the sender, where import data went wrong (row, column),
                // or why an approver rejected the file.
                s.append("詳細 / Detail: ").append(item.reasonDetail()).append('\n');
            }
            if (item.state() == ItemState.QUARANTINED) {
                s.append("原本は隔離され、情報セキュリティ責任者が確認します。/ The original is kept in quarantine for the security officer.\n");
            }
        }
        if (item.state() == ItemState.AWAITING_APPROVAL) {
            s.append("承認者の決裁を待っています。承認されると受け渡されます。/ Waiting for an approver; it is delivered once approved.\n");
        }
        if (item.state() == ItemState.EXPIRED) {
            s.append("保存期間が過ぎたため、受け渡しを終了しました。/ Its retention period ended; it is no longer available.\n");
        }
        if (item.state() == ItemState.REJECTED) {
            s.append("理由コード / Reason code: ").append(item.reasonCode()).append('\n');
            ItemReport.Texts texts = ItemReport.reason(item.reasonCode());
            s.append("理由: ").append(texts.ja()).append('\n');
            s.append("Reason: ").append(texts.en()).append('\n');
            if (item.reasonCode().equals(RejectionReason.APPROVAL_REJECTED.name())) {
                s.append("承認者のコメント / Approver's comment: ")
                        .append(item.reasonDetail())
                        .append('\n');
            }
        }
        if (item.state() == ItemState.PUBLISHED) {
            s.append("受け渡し名 / Delivered as: ").append(item.renditionName()).append('\n');
            List<Removal> removals = ItemReport.removals(item.removals());
            Receipts.Receipt plain = Receipts.of(removals, Receipts.Reader.SENDER);
            s.append('\n').append(plain.ja()).append("\n\n").append(plain.en()).append('\n');
            if (!removals.isEmpty()) {
                s.append("\n無害化で取り除いたもの / Removed:\n");
                for (Removal r : removals) {
                    Receipts.Receipt line = Receipts.describe(r);
                    s.append("- ")
                            .append(line.ja())
                            .append(" / ")
                            .append(line.en())
                            .append('\n');
                }
            }
        }
        return s.toString();
    }
}
