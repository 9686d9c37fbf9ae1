package jp.kakehashi.appliance.store;

import java.io.IOException;

/**
 * An upload refused because the data disk is down to its reserve: the database, the audit trail
 * and the index keep the room they need, so nothing already accepted is put at risk.
 */
public final class DiskFull extends IOException {
    private static final long serialVersionUID = 1L;

    /** The stable code front ends and the audit trail use. */
    public static final String CODE = "DISK_FULL";

    public DiskFull(long usable, long reserve) {
        super("the data disk has " + usable + " bytes free, less than its reserve of " + reserve);
    }

    public String japanese() {
        return "装置のディスクの空き容量が不足しているため、ファイルを受け付けられません。" + "時間をおいて送り直すか、システム管理者に連絡してください。";
    }

    public String english() {
        return "The appliance's disk is nearly full, so the file cannot be accepted."
                + " Please send it again later or tell your administrator.";
    }
}
