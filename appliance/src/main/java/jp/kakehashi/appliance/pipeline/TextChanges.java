package jp.kakehashi.appliance.pipeline;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * What changed in the text of a file since its last published version, line by line, as an
 * approver reads it: how many lines went and came, and the first changed passages. Bounded so a
 * huge or wholly rewritten document cannot make the comparison (or the request) large.
 *
 * @param linesRemoved lines of the last version that are gone or changed
 * @param linesAdded lines of this version that are new or changed
 * @param passages the first changed passages, in reading order
 * @param complete false when the texts were longer than compared or more passages changed than listed
 */
public record TextChanges(int linesRemoved, int linesAdded, List<Passage> passages, boolean complete) {
    static final int MAX_LINES = 5_000;
    static final int MAX_PASSAGES = 20;
    static final int MAX_LINES_PER_PASSAGE = 10;
    static final int MAX_LINE_CHARS = 300;

    public TextChanges {
        passages = List.copyOf(passages);
    }

    /**
     * One changed place.
     *
     * @param line where it starts in this version, counting from 1
     */
    public record Passage(int line, List<String> removed, List<String> added) {
        public Passage {
            removed = List.copyOf(removed);
            added = List.copyOf(added);
        }
    }

    public boolean none() {
        return linesRemoved == 0 && linesAdded == 0;
    }

    public static TextChanges between(String before, String after) {
        List<String> old = lines(before);
        List<String> now = lines(after);
        boolean complete = old.size() <= MAX_LINES && now.size() <= MAX_LINES;
        List<AbstractDelta<String>> deltas = DiffUtils.diff(
                        old.subList(0, Math.min(old.size(), MAX_LINES)),
                        now.subList(0, Math.min(now.size(), MAX_LINES)))
                .getDeltas();
        int removed = 0;
        int added = 0;
        List<Passage> passages = new ArrayList<>();
        for (AbstractDelta<String> d : deltas) {
            removed += d.getSource().size();
            added += d.getTarget().size();
            if (passages.size() < MAX_PASSAGES) {
                passages.add(new Passage(
                        d.getTarget().getPosition() + 1,
                        shown(d.getSource().getLines()),
                        shown(d.getTarget().getLines())));
            }
        }
        return new TextChanges(removed, added, passages, complete && deltas.size() <= MAX_PASSAGES);
    }

    /** Lines with their surrounding blanks trimmed and blank lines left out, so reflowed spacing is no change. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> shown(List<String> lines) {
        return lines.stream()
                .limit(MAX_LINES_PER_PASSAGE)
                .map(l -> l.length() > MAX_LINE_CHARS ? l.substring(0, MAX_LINE_CHARS) + "…" : l)
                .toList();
    }
}
