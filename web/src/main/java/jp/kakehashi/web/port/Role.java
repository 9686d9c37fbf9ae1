package jp.kakehashi.web.port;

/** What a signed-in person is; the role decides the one zone they may sign in on. */
public enum Role {
    PARTNER(Zone.INTERNET, "取引先", "Partner"),
    STAFF(Zone.LGWAN, "職員", "Staff"),
    OFFICER(Zone.LGWAN, "情報セキュリティ責任者", "Security officer"),
    ADMIN(Zone.LGWAN, "システム管理者", "Administrator"),
    MYNUMBER(Zone.MYNUMBER, "マイナンバー利用事務系", "My Number staff");

    private final Zone zone;
    private final String japanese;
    private final String english;

    Role(Zone zone, String japanese, String english) {
        this.zone = zone;
        this.japanese = japanese;
        this.english = english;
    }

    public Zone zone() {
        return zone;
    }

    public String japanese() {
        return japanese;
    }

    public String english() {
        return english;
    }

    /**
     * Whether an administrator may create such an account from the portal. Officers and
     * administrators are created only at the appliance's console, so that a stolen administrator
     * session cannot mint the people who audit it (DESIGN §7: setup is command-line only).
     */
    public boolean invitableFromPortal() {
        return this == PARTNER || this == STAFF || this == MYNUMBER;
    }
}
