package jp.kakehashi.appliance.pipeline;

/** Where a transfer item is in its life; see the package documentation. */
public enum ItemState {
    RECEIVED("受付"),
    DETECTED("種類判定済"),
    SCANNED("ウイルス検査済"),
    POLICY_CHECKED("ポリシー確認済"),
    SANITIZED("無害化済"),
    /** Held until the approvals policy asks for are given (the approval workflow moves it on). */
    AWAITING_APPROVAL("承認待ち"),
    INDEXED("索引登録済"),
    PUBLISHED("受け渡し済"),
    BLOCKED("ブロック"),
    QUARANTINED("隔離");

    private final String japanese;

    ItemState(String japanese) {
        this.japanese = japanese;
    }

    public String japanese() {
        return japanese;
    }

    public boolean terminal() {
        return this == PUBLISHED || this == BLOCKED || this == QUARANTINED;
    }
}
