package jp.kakehashi.policies;

import java.util.Locale;

/** What a matching rule asks for. When several rules match, the strongest wins: block, then approval, then allow. */
public enum Effect {
    ALLOW,
    APPROVAL,
    BLOCK;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
