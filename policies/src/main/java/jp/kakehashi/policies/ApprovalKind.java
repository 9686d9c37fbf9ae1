package jp.kakehashi.policies;

import java.util.Locale;

/** Who must approve (決裁) before a file crosses. The sender never approves their own file. */
public enum ApprovalKind {
    /** One approver from the named groups, usually the sender's 課長 or 係長. */
    SUPERVISOR("上長の承認", "Supervisor's approval"),
    /** Two different approvers from the named groups, neither of them the sender. */
    TWO_PERSON("二名による承認", "Two-person approval"),
    /** The security officer (情報セキュリティ責任者). */
    SECURITY_OFFICER("情報セキュリティ責任者の承認", "Security officer's approval");

    private final String japanese;
    private final String english;

    ApprovalKind(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    public String japanese() {
        return japanese;
    }

    public String english() {
        return english;
    }

    /** The word used in policy files: {@code supervisor}, {@code two-person}, {@code security-officer}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** How many different approvers are needed. */
    public int approversNeeded() {
        return this == TWO_PERSON ? 2 : 1;
    }
}
