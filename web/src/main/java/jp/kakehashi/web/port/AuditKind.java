package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/**
 * One kind of audit record as an officer reads it: its stable code (what the log and the filters
 * hold) and its name in both languages.
 */
public record AuditKind(String code, String japanese, String english) {
    public AuditKind {
        requireNonNull(code, "code");
        requireNonNull(japanese, "japanese");
        requireNonNull(english, "english");
    }

    public String label(boolean inEnglish) {
        return inEnglish ? english : japanese;
    }
}
