package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What policy decided for one file. {@code rules} lists every rule that applied, in file order,
 * so an officer can see all of them, not only the one that won.
 */
public sealed interface Decision {
    List<RuleId> rules();

    /** The word used in JSON and the audit log: {@code allow}, {@code approval}, {@code block}. */
    String word();

    /** The file may cross (after disarm). */
    record Allow(List<RuleId> rules, Settings settings) implements Decision {
        public Allow {
            rules = List.copyOf(rules);
            requireNonNull(settings, "settings");
        }

        @Override
        public String word() {
            return "allow";
        }
    }

    /** The file may cross once every listed approval is given, for exactly these bytes. */
    record NeedsApproval(List<RuleId> rules, List<Approval> approvals, Settings settings) implements Decision {
        public NeedsApproval {
            rules = List.copyOf(rules);
            approvals = List.copyOf(approvals);
            requireNonNull(settings, "settings");
            if (approvals.isEmpty()) {
                throw new IllegalArgumentException("an approval decision needs at least one approval");
            }
        }

        @Override
        public String word() {
            return "approval";
        }
    }

    /** The file may not cross; the reason is shown to the sender and the officer. */
    record Block(List<RuleId> rules, PolicyReason reason, String detail) implements Decision {
        public Block {
            rules = List.copyOf(rules);
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }

        @Override
        public String word() {
            return "block";
        }
    }
}
