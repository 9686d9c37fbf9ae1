package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/** What became of an approver's decision. */
public sealed interface Verdict {
    /**
     * The decision counts.
     *
     * @param complete true when the request is now decided (approved by enough people, or rejected)
     */
    record Accepted(boolean complete) implements Verdict {}

    /** The decision does not count, with the reason in both languages. */
    record Refused(String code, String ja, String en) implements Verdict {
        public Refused {
            requireNonNull(code, "code");
            requireNonNull(ja, "ja");
            requireNonNull(en, "en");
        }
    }
}
