package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/** What became of a proposed policy text. */
public sealed interface Proposal {
    /** Recorded as version {@code id}, waiting for a second administrator. */
    record Proposed(long id) implements Proposal {}

    /**
     * Not recorded.
     *
     * @param detail where the text is broken (file, line, column), when that is why; else empty
     */
    record Refused(String code, String ja, String en, String detail) implements Proposal {
        public Refused {
            requireNonNull(code, "code");
            requireNonNull(ja, "ja");
            requireNonNull(en, "en");
            requireNonNull(detail, "detail");
        }
    }
}
