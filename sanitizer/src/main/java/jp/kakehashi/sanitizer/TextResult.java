package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

/**
 * What reading a file's text gave: its text (possibly empty: a scan has none), or that it could
 * not be read. DLP must tell the two apart: a file whose text cannot be read has not been checked
 * for an Individual Number, and must not pass as if it had none.
 */
public sealed interface TextResult {
    /** The text, empty when the file holds none. */
    String text();

    /** The text as read. */
    record Read(String text) implements TextResult {
        public Read {
            requireNonNull(text, "text");
        }
    }

    /** The text could not be read: the parser gave up, or the worker reading it ran out of time or memory. */
    record Unreadable(String why) implements TextResult {
        public Unreadable {
            requireNonNull(why, "why");
        }

        @Override
        public String text() {
            return "";
        }
    }
}
