package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/** What a sender writes with a file for its recipients (件名 and メッセージ); both empty for none. */
public record Note(String subject, String message) {
    public static final Note NONE = new Note("", "");

    public Note {
        requireNonNull(subject, "subject");
        requireNonNull(message, "message");
    }

    public boolean isEmpty() {
        return subject.isBlank() && message.isBlank();
    }
}
