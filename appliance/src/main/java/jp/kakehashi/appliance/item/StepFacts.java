package jp.kakehashi.appliance.item;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import jp.kakehashi.appliance.store.StoredBlob;

/**
 * What a step of a file's life learnt, stored with the item in the same write that moves it on.
 * The stages name what they found; only the item store's adapter knows where it is kept.
 */
public sealed interface StepFacts {
    /** Nothing new beyond the state. */
    record None() implements StepFacts {}

    /** The true type, and whether the name claims another. */
    record Detected(String mediaType, boolean mismatch) implements StepFacts {
        public Detected {
            requireNonNull(mediaType, "mediaType");
        }
    }

    /** The first decision let the file on: the rules that matched and what they ask of the sanitizer. */
    record Checked(String rules, DisarmPlan plan) implements StepFacts {
        public Checked {
            requireNonNull(rules, "rules");
            requireNonNull(plan, "plan");
        }
    }

    /** The disarmed (or re-written) copy that crosses instead of the original. */
    record Rendition(StoredBlob blob, String name, String mediaType, String removalsJson) implements StepFacts {
        public Rendition {
            requireNonNull(blob, "blob");
            requireNonNull(name, "name");
            requireNonNull(mediaType, "mediaType");
            requireNonNull(removalsJson, "removalsJson");
        }
    }

    /** Held for approval under these rules. */
    record Awaiting(String rules) implements StepFacts {
        public Awaiting {
            requireNonNull(rules, "rules");
        }
    }

    /** Why the file stops here (blocked, quarantined or rejected). */
    record Stopped(String code, String detail, String rules) implements StepFacts {
        public Stopped {
            requireNonNull(code, "code");
            requireNonNull(detail, "detail");
            requireNonNull(rules, "rules");
        }
    }

    /** When its recipients could first fetch it. */
    record Published(Instant at) implements StepFacts {
        public Published {
            requireNonNull(at, "at");
        }
    }
}
