package jp.kakehashi.appliance.approval;

/**
 * Why an item held for approval ended {@code REJECTED}; stored as the item's reason code, and
 * shown to the sender in Japanese and English with the approver's comment.
 */
public enum RejectionReason {
    APPROVAL_REJECTED("承認者が却下しました", "an approver rejected it"),
    APPROVAL_EXPIRED(
            "期限までに承認されませんでした。必要であればもう一度送ってください", "it was not approved in time; send it again if it is still needed"),
    APPROVAL_VOID(
            "承認後にファイルの内容が変わったため、承認は無効になりました",
            "the file changed after it was approved, so the approval no longer counts");

    private final String ja;
    private final String en;

    RejectionReason(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String ja() {
        return ja;
    }

    public String en() {
        return en;
    }
}
