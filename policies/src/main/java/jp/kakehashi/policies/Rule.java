package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One rule of a policy file.
 *
 * @param id cited in every decision it contributes to
 * @param description what the rule is for, for the officer who reads the file
 * @param flow the direction it governs
 * @param when the conditions under which it applies
 * @param effect what it asks for when it applies
 * @param reason for a block: the code shown to the sender
 * @param message for a block: the rule's own words to the sender, if any
 * @param approval for an approval: who and by when
 * @param profiles sanitization profile per true type or family ({@code rebuild}, {@code flatten},
 *     {@code text}); the key {@code default} covers every other type
 * @param retention how long originals and renditions live
 * @param archives limits for archives
 */
public record Rule(
        RuleId id,
        String description,
        Flow flow,
        Match when,
        Effect effect,
        PolicyReason reason,
        String message,
        Optional<Approval> approval,
        Profiles profiles,
        Optional<Retention> retention,
        Optional<ArchiveRules> archives) {
    public Rule {
        requireNonNull(id, "id");
        requireNonNull(description, "description");
        requireNonNull(flow, "flow");
        requireNonNull(when, "when");
        requireNonNull(effect, "effect");
        requireNonNull(reason, "reason");
        requireNonNull(message, "message");
        requireNonNull(approval, "approval");
        requireNonNull(profiles, "profiles");
        requireNonNull(retention, "retention");
        requireNonNull(archives, "archives");
        if ((effect == Effect.APPROVAL) != approval.isPresent()) {
            throw new IllegalArgumentException(
                    "rule " + id + ": an approval is given exactly when the rule decides approval");
        }
    }
}
