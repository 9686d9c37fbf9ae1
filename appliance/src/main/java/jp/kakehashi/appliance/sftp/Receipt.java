package jp.kakehashi.appliance.sftp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import jp.kakehashi.appliance.approval.RejectionReason;
import jp.kakehashi.appliance.pipeline.ItemState;
import jp.kakehashi.appliance.pipeline.TransferItem;
import jp.kakehashi.policies.PolicyReason;
import jp.kakehashi.sanitizer.ReasonCode;
import jp.kakehashi.sanitizer.Receipts;
import jp.kakehashi.sanitizer.Removal;

/** The text a sender reads about one file: its state and, when it did not cross, why, in Japanese and English. */
final class Receipt {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (item.state() == ItemState.BLOCKED || item.state() == ItemState.QUARANTINED) {
            s.append("理由コード / Reason code: ").append(item.reasonCode()).append('\n');
            List<String> texts = texts(item.reasonCode());
            s.append("理由: ").append(texts.get(0)).append('\n');
            s.append("Reason: ").append(texts.get(1)).append('\n');
            if (!item.rules().isEmpty()) {
                s.append("規則 / Policy rules: ").append(item.rules()).append('\n');
            }
            if (isPolicyReason(item.reasonCode()) && !item.reasonDetail().isBlank()) {
                // The rule's own message to the sender, or where import data went wrong (row, column).
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
            List<String> texts = texts(item.reasonCode());
            s.append("理由: ").append(texts.get(0)).append('\n');
            s.append("Reason: ").append(texts.get(1)).append('\n');
            if (item.reasonCode().equals(RejectionReason.APPROVAL_REJECTED.name())) {
                s.append("承認者のコメント / Approver's comment: ")
                        .append(item.reasonDetail())
                        .append('\n');
            }
        }
        if (item.state() == ItemState.PUBLISHED) {
            s.append("受け渡し名 / Delivered as: ").append(item.renditionName()).append('\n');
            Receipts.Receipt plain = Receipts.of(removals(item.removals()));
            s.append('\n').append(plain.ja()).append("\n\n").append(plain.en()).append('\n');
            if (!item.removals().isEmpty() && !item.removals().equals("[]")) {
                s.append("\n無害化で取り除いたもの / Removed: ").append(item.removals()).append('\n');
            }
        }
        return s.toString();
    }

    /** The removals stored with the item (JSON written by the pipeline); unreadable JSON reads as none. */
    private static List<Removal> removals(String json) {
        if (json.isBlank()) {
            return List.of();
        }
        try {
            List<Removal> out = new ArrayList<>();
            for (JsonNode r : JSON.readTree(json)) {
                out.add(new Removal(
                        r.path("kind").asText(),
                        r.path("detail").asText(),
                        Math.max(1, r.path("count").asInt(1))));
            }
            return out;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static boolean isPolicyReason(String code) {
        for (PolicyReason r : PolicyReason.values()) {
            if (r.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** The Japanese and English texts of a stored reason code, from the sanitizer's or the policy's codes. */
    private static List<String> texts(String code) {
        for (ReasonCode c : ReasonCode.values()) {
            if (c.name().equals(code)) {
                return List.of(c.ja(), c.en());
            }
        }
        for (PolicyReason r : PolicyReason.values()) {
            if (r.name().equals(code)) {
                return List.of(r.ja(), r.en());
            }
        }
        for (RejectionReason r : RejectionReason.values()) {
            if (r.name().equals(code)) {
                return List.of(r.ja(), r.en());
            }
        }
        return List.of(code, code);
    }
}
