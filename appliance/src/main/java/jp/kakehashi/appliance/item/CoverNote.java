package jp.kakehashi.appliance.item;

import static java.util.Objects.requireNonNull;

/**
 * What a sender writes with a file for its recipients: a 件名 and a message, plain text.
 *
 * @param subject at most 100 characters, one line
 * @param message at most 2,000 characters; lines allowed
 */
public record CoverNote(String subject, String message) {
    public static final int SUBJECT_MAX = 100;
    public static final int MESSAGE_MAX = 2000;

    public CoverNote {
        subject = requireNonNull(subject, "subject").strip();
        message = requireNonNull(message, "message").strip().replace("\r\n", "\n");
        if (subject.codePointCount(0, subject.length()) > SUBJECT_MAX
                || subject.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the subject must be one line of at most " + SUBJECT_MAX
                    + " characters (件名は改行なしの" + SUBJECT_MAX + "文字以内にしてください)");
        }
        if (message.codePointCount(0, message.length()) > MESSAGE_MAX
                || message.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new IllegalArgumentException("the message must be at most " + MESSAGE_MAX
                    + " characters of text (メッセージは" + MESSAGE_MAX + "文字以内の文章にしてください)");
        }
    }

    public boolean isEmpty() {
        return subject.isEmpty() && message.isEmpty();
    }
}
