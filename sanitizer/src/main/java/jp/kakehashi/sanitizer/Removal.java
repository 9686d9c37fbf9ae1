package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One kind of element removed or rebuilt during disarm, where it was, and how many times, such
 * as {@code macro} in {@code /word/vbaProject.bin}.
 */
public record Removal(String kind, String detail, int count) {
    public Removal {
        requireNonNull(kind, "kind");
        requireNonNull(detail, "detail");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }

    public Removal(String kind, String detail) {
        this(kind, detail, 1);
    }

    /** Folds repeated (kind, detail) pairs into one entry with a count, keeping first-seen order. */
    static List<Removal> merge(List<Removal> removals) {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (Removal r : removals) {
            counts.merge(List.of(r.kind, r.detail), r.count, Integer::sum);
        }
        List<Removal> merged = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> merged.add(new Removal(key.get(0), key.get(1), count)));
        return List.copyOf(merged);
    }
}
