package jp.kakehashi.policies;

import java.util.List;
import java.util.Set;
import jp.kakehashi.policies.dlp.DlpFinding;

/**
 * What is known once the file has been disarmed and its text read: the kinds of element the
 * sanitizer removed ({@code macro}, {@code javascript}, {@code encrypted-archive}, ...) and the DLP
 * detectors that fired on its text and on every archive member's.
 */
public record ContentFacts(Set<String> sanitizerFindings, List<DlpFinding> dlp) {
    /**
     * The finding for a file whose text could not be read: DLP did not see it, so a rule can
     * treat it as unchecked ({@code findings: [text-unreadable]}), never as clean.
     */
    public static final String TEXT_UNREADABLE = "text-unreadable";

    public ContentFacts {
        sanitizerFindings = Set.copyOf(sanitizerFindings);
        dlp = List.copyOf(dlp);
    }

    public boolean dlpFired(String detector) {
        return dlp.stream().anyMatch(f -> f.detector().equals(detector));
    }
}
