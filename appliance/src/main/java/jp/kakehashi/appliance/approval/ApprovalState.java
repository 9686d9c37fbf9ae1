package jp.kakehashi.appliance.approval;

import java.util.Locale;

/** Where an approval request is; only PENDING changes. */
public enum ApprovalState {
    PENDING("承認待ち", "Pending"),
    APPROVED("承認済", "Approved"),
    REJECTED("却下", "Rejected"),
    /** Nobody decided before the request expired. */
    EXPIRED("期限切れ", "Expired"),
    /** Another request of the item was rejected or expired, or the bytes no longer match. */
    VOID("無効", "Void");

    private final String japanese;
    private final String english;

    ApprovalState(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    public String japanese() {
        return japanese;
    }

    public String english() {
        return english;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
