package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/**
 * Where a person's mail notices go (a file for them, an approval to give or given), and how often
 * they want them.
 *
 * @param email empty when none is set
 * @param frequency {@code immediately}, {@code daily} (one mail each morning) or {@code off}
 */
public record NoticeSettings(String email, String frequency) {
    public NoticeSettings {
        requireNonNull(email, "email");
        requireNonNull(frequency, "frequency");
    }
}
