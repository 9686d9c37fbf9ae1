package jp.kakehashi.sanitizer;

import java.util.List;
import java.util.Set;

/**
 * How a container (a ZIP archive, an e-mail) treats the disarm result of one of its members: a
 * disarmed member is kept and its removals are reported under its name; a member refused for its
 * own type (a program, an unknown or broken file) is left out and listed; a refusal that says
 * something about the container as a whole (quarantine, a bomb, a trick with names, nesting)
 * refuses the container.
 */
final class Members {
    private static final Set<ReasonCode> STRUCTURAL = Set.of(
            ReasonCode.ARCHIVE_TOO_DEEP,
            ReasonCode.ARCHIVE_LIMIT,
            ReasonCode.UNSAFE_ENTRY_NAME,
            ReasonCode.RESOURCE_LIMIT);

    /** What becomes of one member. */
    sealed interface Outcome {
        record Kept(DisarmResult.Disarmed member) implements Outcome {}

        record LeftOut() implements Outcome {}

        record RefusesContainer(Reason reason) implements Outcome {}
    }

    private Members() {}

    /** Decides the member's fate and adds what the report must say about it to {@code removals}. */
    static Outcome take(String name, DisarmResult result, List<Removal> removals) {
        String shown = Escape.forReport(name);
        return switch (result) {
            case DisarmResult.Refused r -> {
                if (r.reason().code().verdict() == Verdict.QUARANTINED
                        || STRUCTURAL.contains(r.reason().code())) {
                    yield new Outcome.RefusesContainer(Reason.of(
                            r.reason().code(), shown + " → " + r.reason().detail()));
                }
                removals.add(new Removal(
                        "member-removed",
                        shown + " (" + r.reason().code().name() + ": "
                                + r.reason().detail() + ")"));
                yield new Outcome.LeftOut();
            }
            case DisarmResult.Disarmed d -> {
                for (Removal r : d.removals()) {
                    removals.add(new Removal(r.kind(), shown + ": " + r.detail(), r.count()));
                }
                yield new Outcome.Kept(d);
            }
        };
    }
}
