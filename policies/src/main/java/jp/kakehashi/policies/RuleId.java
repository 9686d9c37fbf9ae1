package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

/** The stable id of a policy rule, cited by every decision and audit record it contributed to. */
public record RuleId(String value) {
    public RuleId {
        requireNonNull(value, "value");
        if (!value.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException(
                    "rule id '" + value + "' must be 1-64 lower-case letters, digits and dashes");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
