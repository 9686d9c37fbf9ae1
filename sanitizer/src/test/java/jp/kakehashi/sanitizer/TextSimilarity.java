package jp.kakehashi.sanitizer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How alike two extracted texts are: the fidelity suite compares a document's text before and
 * after its rebuild, and B-EXTRACT compares our extraction with {@code pdftotext}'s.
 */
public final class TextSimilarity {
    private TextSimilarity() {}

    /** Dice coefficient of character bigrams, whitespace ignored: 1.0 for the same text. */
    public static double of(String a, String b) {
        Map<String, Integer> x = bigrams(a);
        Map<String, Integer> y = bigrams(b);
        int common = 0;
        int total = 0;
        for (int n : x.values()) {
            total += n;
        }
        for (int n : y.values()) {
            total += n;
        }
        for (Map.Entry<String, Integer> e : x.entrySet()) {
            common += Math.min(e.getValue(), y.getOrDefault(e.getKey(), 0));
        }
        return total == 0 ? 1.0 : 2.0 * common / total;
    }

    private static Map<String, Integer> bigrams(String s) {
        String t = s.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i + 2 <= t.length(); i++) {
            m.merge(t.substring(i, i + 2), 1, Integer::sum);
        }
        return m;
    }
}
