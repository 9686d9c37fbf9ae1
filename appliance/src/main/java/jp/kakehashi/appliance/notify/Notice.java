package jp.kakehashi.appliance.notify;

import static java.util.Objects.requireNonNull;

/** One mail to one person: plain text, Japanese first with English after it. */
public record Notice(String recipient, String subject, String body) {
    public Notice {
        requireNonNull(recipient, "recipient");
        requireNonNull(subject, "subject");
        requireNonNull(body, "body");
    }
}
