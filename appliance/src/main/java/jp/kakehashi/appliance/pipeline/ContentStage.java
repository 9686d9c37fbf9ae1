package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.ContentFacts;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.policies.dlp.DlpScanner;
import jp.kakehashi.sanitizer.FileSanitizer;
import jp.kakehashi.sanitizer.TextResult;

/**
 * SANITIZED → INDEXED, or AWAITING_APPROVAL: the decision completed with what only the disarmed
 * file tells — what the sanitizer removed and the DLP findings in its text — under the policy in
 * force now. Allowed, the text is indexed; sent for approval, the requests are opened for the
 * rendition's exact bytes; blocked, the file stops.
 */
final class ContentStage implements Stage {
    private final Supplier<Policy> policy;
    private final Decider decider;
    private final Items items;
    private final Approvals approvals;
    private final ApprovalFindings findings;
    private final Indexer indexer;
    private final FileSanitizer sanitizer;
    private final AuditLog audit;

    ContentStage(
            Supplier<Policy> policy,
            Decider decider,
            Items items,
            Approvals approvals,
            ApprovalFindings findings,
            Indexer indexer,
            FileSanitizer sanitizer,
            AuditLog audit) {
        this.policy = requireNonNull(policy, "policy");
        this.decider = requireNonNull(decider, "decider");
        this.items = requireNonNull(items, "items");
        this.approvals = requireNonNull(approvals, "approvals");
        this.findings = requireNonNull(findings, "findings");
        this.indexer = requireNonNull(indexer, "indexer");
        this.sanitizer = requireNonNull(sanitizer, "sanitizer");
        this.audit = requireNonNull(audit, "audit");
    }

    @Override
    public StageOutcome run(TransferItem item, Workspace workspace) {
        TextResult read = sanitizer.readText(workspace.rendition(item), item.renditionType());
        String text = read.text();
        // DLP runs even when no rule looks at it, so that policy simulate can replay a rule that would.
        Policy current = policy.get();
        ContentFacts content = new ContentFacts(
                findings(Removals.kinds(item.removals()), read), new DlpScanner(current.dlp()).scan(text));
        Decider.Decided decided = decider.decide(current, item, f -> f.withContent(content));
        Decision decision = decided.decision();
        if (item.inFolder() && item.flow().from() == Zone.LGWAN && !(decision instanceof Decision.Allow)) {
            // Colleagues see a staff version at once, so they find it at once too, while it waits
            // for approval or even if it may not go out. An allowed version is indexed below, once.
            indexer.putInFolder(item, text);
        }
        items.recordDecision(
                item.id(),
                new RecordedFacts(decided.facts(), current.dlp().fingerprint()),
                decision.word(),
                current.retentionFor(decision));
        return switch (decision) {
            case Decision.Block b -> StageOutcome.Stopped.blocked(b);
            case Decision.Allow a -> indexer.indexed(item, text);
            case Decision.NeedsApproval a ->
                awaitApproval(item, a, findings.of(item, decided.facts(), text, workspace));
        };
    }

    /** What the sanitizer found, and that the text could not be read when it could not: DLP did not see it. */
    static java.util.Set<String> findings(java.util.Set<String> removed, TextResult read) {
        if (!(read instanceof TextResult.Unreadable)) {
            return removed;
        }
        java.util.Set<String> all = new java.util.HashSet<>(removed);
        all.add(ContentFacts.TEXT_UNREADABLE);
        return all;
    }

    /**
     * Opens the item's approval requests, bound to the rendition's hash; {@link ApproveStage} takes
     * it on once all are approved. Audited before the requests exist, so none is unrecorded.
     */
    private StageOutcome awaitApproval(TransferItem item, Decision.NeedsApproval a, String shown) {
        String kinds = String.join(
                ",", a.approvals().stream().map(x -> x.kind().word()).toList());
        audit.append(new AuditEvent(
                AuditType.ITEM_POLICY,
                "system",
                "",
                item.id(),
                Map.of(
                        "decision", a.word(),
                        "rules", StageOutcome.ruleList(a),
                        "approvals", kinds,
                        "from", item.state().name())));
        boolean opened = approvals.open(item, a, shown);
        return new StageOutcome.Waiting(opened ? Optional.of(ItemState.AWAITING_APPROVAL) : Optional.empty());
    }
}
