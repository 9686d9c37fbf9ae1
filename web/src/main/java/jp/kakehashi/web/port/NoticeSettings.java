package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/**
 * Where a person's mail notices go (a file for them, an approval to give or given), and whether
 * they want them.
 *
 * @param email empty when none is set
 */
public record NoticeSettings(String email, boolean on) {
    public NoticeSettings {
        requireNonNull(email, "email");
    }
}
