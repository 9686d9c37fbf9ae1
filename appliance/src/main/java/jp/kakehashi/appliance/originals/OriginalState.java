package jp.kakehashi.appliance.originals;

import java.util.Locale;

/** Where a request for an original is. */
public enum OriginalState {
    /** Waiting for the approvals the policy asks for. */
    REQUESTED("承認待ち", "waiting for approval"),
    /** Approved; waiting for the re-scan (held while the scanner is unavailable). */
    APPROVED("承認済・再検査待ち", "approved, waiting for its re-scan"),
    /** Available to the requester until its time runs out. */
    RELEASED("取り出し可", "available"),
    /** Its time ran out, or the original was erased: no longer available. */
    WITHDRAWN("取り下げ済", "withdrawn"),
    /** Ended without release: see its outcome. */
    REFUSED("取り出し不可", "refused");

    private final String japanese;
    private final String english;

    OriginalState(String japanese, String english) {
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

    public boolean ended() {
        return this == WITHDRAWN || this == REFUSED;
    }
}
