package jp.kakehashi.appliance.item;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.kakehashi.appliance.store.StoredBlob;

/**
 * What a step of a file's life learnt, stored with the item in the same write that moves it on.
 * The stages name what they found; only this store knows where it is kept.
 */
public sealed interface StepFacts {
    /** The columns and values this write sets besides the state. */
    Map<String, ?> columns();

    /** Nothing new beyond the state. */
    record None() implements StepFacts {
        @Override
        public Map<String, ?> columns() {
            return Map.of();
        }
    }

    /** The true type, and whether the name claims another. */
    record Detected(String mediaType, boolean mismatch) implements StepFacts {
        public Detected {
            requireNonNull(mediaType, "mediaType");
        }

        @Override
        public Map<String, ?> columns() {
            return Map.of("detected_type", mediaType, "type_mismatch", mismatch ? 1 : 0);
        }
    }

    /** The first decision let the file on: the rules that matched and what they ask of the sanitizer. */
    record Checked(String rules, DisarmPlan plan) implements StepFacts {
        public Checked {
            requireNonNull(rules, "rules");
            requireNonNull(plan, "plan");
        }

        @Override
        public Map<String, ?> columns() {
            return Map.of("rules", rules, "disarm_plan", plan.toJson());
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

        @Override
        public Map<String, ?> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("rendition_blob", blob.id().value());
            columns.put("rendition_name", name);
            columns.put("rendition_type", mediaType);
            columns.put("rendition_size", blob.size());
            columns.put("rendition_sha256", blob.sha256());
            columns.put("removals", removalsJson);
            return columns;
        }
    }

    /** Held for approval under these rules. */
    record Awaiting(String rules) implements StepFacts {
        public Awaiting {
            requireNonNull(rules, "rules");
        }

        @Override
        public Map<String, ?> columns() {
            return Map.of("rules", rules);
        }
    }

    /** Why the file stops here (blocked, quarantined or rejected). */
    record Stopped(String code, String detail, String rules) implements StepFacts {
        public Stopped {
            requireNonNull(code, "code");
            requireNonNull(detail, "detail");
            requireNonNull(rules, "rules");
        }

        @Override
        public Map<String, ?> columns() {
            return Map.of("reason_code", code, "reason_detail", detail, "rules", rules);
        }
    }

    /** When its recipients could first fetch it. */
    record Published(Instant at) implements StepFacts {
        public Published {
            requireNonNull(at, "at");
        }

        @Override
        public Map<String, ?> columns() {
            return Map.of("published_at", at.toString());
        }
    }
}
