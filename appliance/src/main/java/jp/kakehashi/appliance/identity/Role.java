package jp.kakehashi.appliance.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import jp.kakehashi.policies.Zone;

/** What an account is, as municipal staff name it; the role decides the one zone it may log in on. */
public enum Role {
    /** 取引先・NPO (internet zone). */
    PARTNER(Zone.INTERNET, "取引先"),
    /** 職員 (LGWAN zone). */
    STAFF(Zone.LGWAN, "職員"),
    /** 情報セキュリティ責任者 (LGWAN zone). */
    OFFICER(Zone.LGWAN, "情報セキュリティ責任者"),
    /** システム管理者 (LGWAN zone only). */
    ADMIN(Zone.LGWAN, "システム管理者"),
    /** マイナンバー利用事務系の職員・システム (read-only). */
    MYNUMBER(Zone.MYNUMBER, "マイナンバー利用事務系");

    private final Zone zone;
    private final String japaneseName;

    Role(Zone zone, String japaneseName) {
        this.zone = zone;
        this.japaneseName = japaneseName;
    }

    public Zone zone() {
        return zone;
    }

    public String japaneseName() {
        return japaneseName;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String word) {
        for (Role r : values()) {
            if (r.word().equals(word.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + word + "'; expected one of "
                + Arrays.stream(values()).map(Role::word).collect(Collectors.joining(", ")));
    }
}
