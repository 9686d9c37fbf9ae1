package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One approval request on an approver's page.
 *
 * @param item the file it holds, as its sender sees it (with the sanitizer's receipt)
 * @param kindJa what kind of approval it is (上長の承認, 二名による承認 ...)
 * @param rules the policy rules that asked for it
 * @param sha256 the hash of the file under review; an approval is bound to these bytes
 * @param findings what the approver should know (DLP findings, masked), one line each
 * @param original true when it releases an original (原本取り出し) rather than the file itself
 * @param escalateAt when the security officers may also decide
 * @param expiresAt when it expires and the file is rejected
 */
public record ApprovalView(
        long id,
        ItemView item,
        String kindJa,
        String kindEn,
        String rules,
        String sha256,
        List<String> findings,
        long given,
        long needed,
        boolean original,
        Instant requestedAt,
        Instant escalateAt,
        Instant expiresAt) {
    public ApprovalView {
        requireNonNull(item, "item");
        requireNonNull(kindJa, "kindJa");
        requireNonNull(kindEn, "kindEn");
        requireNonNull(rules, "rules");
        requireNonNull(sha256, "sha256");
        findings = List.copyOf(findings);
        requireNonNull(requestedAt, "requestedAt");
        requireNonNull(escalateAt, "escalateAt");
        requireNonNull(expiresAt, "expiresAt");
    }
}
