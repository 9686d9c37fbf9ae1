package jp.kakehashi.web.port;

/** Where a file is, in the words the issue and the staff use; several pipeline states read as one. */
public enum Stage {
    RECEIVED("受付", "Received"),
    CHECKING("検査中", "Being checked"),
    SANITIZED("無害化済", "Disarmed"),
    AWAITING_APPROVAL("承認待ち", "Awaiting approval"),
    DELIVERED("受け渡し済", "Delivered"),
    BLOCKED("ブロック", "Blocked"),
    QUARANTINED("隔離", "Quarantined"),
    REJECTED("却下", "Rejected"),
    EXPIRED("保存期間満了", "Expired");

    private final String japanese;
    private final String english;

    Stage(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    public String japanese() {
        return japanese;
    }

    public String english() {
        return english;
    }

    /** True while the appliance is still working on the file. */
    public boolean inProgress() {
        return this == RECEIVED || this == CHECKING || this == SANITIZED;
    }

    /** True when the file did not cross. */
    public boolean stopped() {
        return this == BLOCKED || this == QUARANTINED || this == REJECTED;
    }
}
