package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Retrying;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.RuleId;
import jp.kakehashi.sanitizer.Verdict;

/** What a {@link Stage} found, for the pipeline to persist and audit. */
sealed interface StageOutcome {
    /**
     * The step is done: the item moves to {@code to} with what the step learnt, audited as {@code
     * type} with {@code details}, and the next step may follow at once.
     */
    record Moved(ItemState to, StepFacts facts, AuditType type, Map<String, String> details) implements StageOutcome {
        public Moved {
            requireNonNull(to, "to");
            requireNonNull(facts, "facts");
            requireNonNull(type, "type");
            details = Map.copyOf(details);
        }
    }

    /** The file stops here, blocked or quarantined, with a reason its sender and the officers read. */
    record Stopped(Verdict verdict, String code, String detail, String rules) implements StageOutcome {
        public Stopped {
            requireNonNull(verdict, "verdict");
            requireNonNull(code, "code");
            requireNonNull(detail, "detail");
            requireNonNull(rules, "rules");
        }

        static Stopped blocked(Decision.Block block) {
            return new Stopped(Verdict.BLOCKED, block.reason().name(), block.detail(), ruleList(block));
        }
    }

    /**
     * The step cannot run now for a reason outside the file (the scanner is away): the item is
     * held and tried again later, never given up on.
     */
    record Held(Retrying.Reason reason, String detail) implements StageOutcome {
        public Held {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }

    /**
     * The item waits for people (approvers), not for a step; {@code reached} is the state this
     * step put it in, when it moved it there itself.
     */
    record Waiting(Optional<ItemState> reached) implements StageOutcome {
        public Waiting {
            requireNonNull(reached, "reached");
        }

        static Waiting still() {
            return new Waiting(Optional.empty());
        }
    }

    /** A decision's rules as stored and audited: their ids, comma-separated. */
    static String ruleList(Decision decision) {
        return String.join(",", decision.rules().stream().map(RuleId::value).toList());
    }
}
