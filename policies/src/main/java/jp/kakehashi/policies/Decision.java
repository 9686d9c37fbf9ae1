package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What policy decided for one file, citing every rule that contributed. */
public sealed interface Decision {
    List<RuleId> rules();

    /** The file may cross (after disarm). */
    record Allow(List<RuleId> rules) implements Decision {
        public Allow {
            rules = List.copyOf(rules);
        }
    }

    /** The file may not cross; the reason is shown to the sender and the officer. */
    record Block(List<RuleId> rules, PolicyReason reason, String detail) implements Decision {
        public Block {
            rules = List.copyOf(rules);
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }
}
