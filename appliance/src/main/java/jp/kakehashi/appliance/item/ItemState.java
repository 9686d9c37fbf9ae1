package jp.kakehashi.appliance.item;

/** Where a transfer item is in its life; see the package documentation. */
public enum ItemState {
    RECEIVED("受付"),
    DETECTED("種類判定済"),
    SCANNED("ウイルス検査済"),
    POLICY_CHECKED("ポリシー確認済"),
    SANITIZED("無害化済"),
    /** Held until every approval policy asks for is given for its rendition's exact bytes. */
    AWAITING_APPROVAL("承認待ち"),
    INDEXED("索引登録済"),
    PUBLISHED("受け渡し済"),
    BLOCKED("ブロック"),
    QUARANTINED("隔離"),
    /** An approver rejected it, its approval expired, or its bytes no longer match what was approved. */
    REJECTED("却下"),
    /** Was published; its retention ran out and the rendition was withdrawn. */
    EXPIRED("保存期間満了");

    private final String japanese;

    ItemState(String japanese) {
        this.japanese = japanese;
    }

    public String japanese() {
        return japanese;
    }

    public boolean terminal() {
        return this == PUBLISHED || this == BLOCKED || this == QUARANTINED || this == REJECTED || this == EXPIRED;
    }
}
