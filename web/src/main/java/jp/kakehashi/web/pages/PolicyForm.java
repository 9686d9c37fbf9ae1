package jp.kakehashi.web.pages;

import static java.util.Objects.requireNonNull;

/**
 * The policy editor as the page shows it: the text being worked on (kept whatever happens to it,
 * so nothing typed is lost), the reason, and what the last lint or proposal said.
 *
 * @param message the lint error (file, line, column) or the refusal; empty when there is none
 */
public record PolicyForm(String text, String reason, Outcome outcome, String message) {
    public PolicyForm {
        requireNonNull(text, "text");
        requireNonNull(reason, "reason");
        requireNonNull(outcome, "outcome");
        requireNonNull(message, "message");
    }

    /** What the page says about the text. */
    public enum Outcome {
        NONE,
        /** Read again from the configured file; it lints clean. */
        RELOADED,
        CLEAN,
        BROKEN,
        REFUSED
    }
}
