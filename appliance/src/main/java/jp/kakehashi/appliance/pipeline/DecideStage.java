package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.DisarmPlan;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.Settings;

/**
 * SCANNED → POLICY_CHECKED: the decision on the received facts (who, to whom, true type, size,
 * time). A block stops the file before it is disarmed; otherwise what the matching rules ask of
 * the sanitizer is recorded with the item as its {@link DisarmPlan}, which the disarm step follows
 * without deciding again. Approval waits for the decision on the content ({@link ContentStage}),
 * so that approvers see, and approve, the disarmed rendition.
 */
final class DecideStage implements Stage {
    private final Supplier<Policy> policy;
    private final Decider decider;
    private final Items items;

    DecideStage(Supplier<Policy> policy, Decider decider, Items items) {
        this.policy = requireNonNull(policy, "policy");
        this.decider = requireNonNull(decider, "decider");
        this.items = requireNonNull(items, "items");
    }

    @Override
    public StageOutcome run(TransferItem item, Workspace workspace) {
        Policy current = policy.get();
        Decider.Decided decided = decider.decide(current, item, UnaryOperator.identity());
        Decision decision = decided.decision();
        items.recordDecision(
                item.id(), new RecordedFacts(decided.facts(), ""), decision.word(), current.retentionFor(decision));
        return switch (decision) {
            case Decision.Block b -> StageOutcome.Stopped.blocked(b);
            case Decision.Allow a -> checked(a, a.settings());
            case Decision.NeedsApproval a -> checked(a, a.settings());
        };
    }

    private static StageOutcome checked(Decision decision, Settings settings) {
        String rules = StageOutcome.ruleList(decision);
        return new StageOutcome.Moved(
                ItemState.POLICY_CHECKED,
                new StepFacts.Checked(rules, DisarmPlan.of(settings)),
                AuditType.ITEM_POLICY,
                Map.of("decision", decision.word(), "rules", rules));
    }
}
