package jp.kakehashi.policies.dlp;

import static java.util.Objects.requireNonNull;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Runs the policy's DLP detectors over a file's extracted text (and, through the caller, over
 * each archive member's). The text is NFKC-normalised first, so full-width digits (１２３４) and
 * half-width katakana count like their usual forms; numbers may be written in groups separated by
 * a space or a hyphen (1234-5678-9012), but only in the groupings people write, so that columns
 * of small numbers in a table do not join into a false 12-digit candidate.
 */
public final class DlpScanner {
    private final DlpRules rules;

    public DlpScanner(DlpRules rules) {
        this.rules = requireNonNull(rules, "rules");
    }

    /** Findings of every detector that reached its threshold, in the order of the policy. */
    public List<DlpFinding> scan(String text) {
        // Most extracted text is already NFKC (no full-width digits or half-width kana): checking
        // is a read-only pass, normalising copies the whole text.
        String normalised = Normalizer.isNormalized(text, Normalizer.Form.NFKC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFKC);
        Map<String, Tally> tallies = new LinkedHashMap<>();
        if (rules.myNumber() != DlpRules.MyNumberMode.OFF || rules.corporateNumbers() || rules.cardNumbers()) {
            for (Candidate c : candidates(normalised)) {
                classify(normalised, c, tallies);
            }
        }
        List<DlpFinding> findings = new ArrayList<>();
        for (String id : List.of(DlpRules.MY_NUMBER, DlpRules.CORPORATE_NUMBER, DlpRules.CARD_NUMBER)) {
            Tally t = tallies.get(id);
            if (t != null) {
                findings.add(new DlpFinding(id, t.count, t.example));
            }
        }
        for (DlpRules.WordList list : rules.wordLists()) {
            int count = 0;
            String first = "";
            for (String word : list.words()) {
                String w = Normalizer.normalize(word, Normalizer.Form.NFKC);
                for (int at = normalised.indexOf(w); at >= 0; at = normalised.indexOf(w, at + w.length())) {
                    count++;
                    if (first.isEmpty()) {
                        first = w;
                    }
                }
            }
            if (count >= list.threshold()) {
                findings.add(new DlpFinding(list.id(), count, first));
            }
        }
        for (DlpRules.PatternList list : rules.patternLists()) {
            Matcher m = list.pattern().matcher(normalised);
            int count = 0;
            String first = "";
            while (m.find()) {
                if (count++ == 0) {
                    first = mask(m.group());
                }
            }
            if (count >= list.threshold()) {
                findings.add(new DlpFinding(list.id(), count, first));
            }
        }
        return List.copyOf(findings);
    }

    private void classify(String text, Candidate c, Map<String, Tally> tallies) {
        String d = c.digits();
        if (rules.myNumber() != DlpRules.MyNumberMode.OFF
                && d.length() == 12
                && c.groupedAs(12, 444)
                && CheckDigits.isMyNumber(d)
                && (rules.myNumber() == DlpRules.MyNumberMode.STRICT
                        || MyNumberContext.near(text, c.start(), c.end()))) {
            tallies.computeIfAbsent(DlpRules.MY_NUMBER, k -> new Tally(mask(d))).count++;
        }
        if (rules.corporateNumbers() && d.length() == 13 && c.groupedAs(13, 1444) && CheckDigits.isCorporateNumber(d)) {
            tallies.computeIfAbsent(DlpRules.CORPORATE_NUMBER, k -> new Tally(mask(d))).count++;
        }
        if (rules.cardNumbers()
                && d.length() >= 13
                && (c.groups().size() == 1 || c.groupedAs(16, 4444) || c.groupedAs(15, 465) || c.groupedAs(14, 464))
                && CheckDigits.isCardNumber(d)) {
            tallies.computeIfAbsent(DlpRules.CARD_NUMBER, k -> new Tally(mask(d))).count++;
        }
    }

    /** Every maximal run of digits, with single spaces or hyphens allowed between digit groups. */
    static List<Candidate> candidates(String text) {
        List<Candidate> found = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            // Measure the run first: dates, amounts and codes are far more common than long numbers,
            // and only a run of 12 to 19 digits is worth building.
            int start = i;
            int count = 0;
            while (true) {
                while (i < n && isDigit(text.charAt(i))) {
                    count++;
                    i++;
                }
                if (i + 1 < n && isSeparator(text.charAt(i)) && isDigit(text.charAt(i + 1)) && count < 20) {
                    i++;
                    continue;
                }
                break;
            }
            if (count >= 12 && count <= 19) {
                StringBuilder digits = new StringBuilder(count);
                List<Integer> groups = new ArrayList<>();
                int group = 0;
                for (int k = start; k < i; k++) {
                    char c = text.charAt(k);
                    if (isDigit(c)) {
                        digits.append(c);
                        group++;
                    } else {
                        groups.add(group);
                        group = 0;
                    }
                }
                groups.add(group);
                found.add(new Candidate(start, i, digits.toString(), List.copyOf(groups)));
            }
        }
        return found;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '\u2010' || c == '\u2212' || c == '\u30FC';
    }

    private static String mask(String s) {
        if (s.length() <= 4) {
            return "*".repeat(s.length());
        }
        return "*".repeat(s.length() - 4) + s.substring(s.length() - 4);
    }

    /** A run of digits found in the text, and how it was grouped. */
    record Candidate(int start, int end, String digits, List<Integer> groups) {
        /** Written as one run, or in exactly the grouping {@code shape} (e.g. 444 for 4-4-4). */
        boolean groupedAs(int length, int shape) {
            if (groups.size() == 1) {
                return digits.length() == length;
            }
            String expected = Integer.toString(shape);
            if (expected.length() != groups.size()) {
                return false;
            }
            for (int g = 0; g < groups.size(); g++) {
                if (groups.get(g) != expected.charAt(g) - '0') {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Tally {
        final String example;
        int count;

        Tally(String example) {
            this.example = example;
        }
    }
}
