package jp.kakehashi.appliance.approval;

import java.util.Locale;

/** Where an approval request is; only PENDING changes. */
public enum ApprovalState {
    PENDING("承認待ち"),
    APPROVED("承認済"),
    REJECTED("却下"),
    /** Nobody decided before the request expired. */
    EXPIRED("期限切れ"),
    /** Another request of the item was rejected or expired, or the bytes no longer match. */
    VOID("無効");

    private final String japanese;

    ApprovalState(String japanese) {
        this.japanese = japanese;
    }

    public String japanese() {
        return japanese;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
