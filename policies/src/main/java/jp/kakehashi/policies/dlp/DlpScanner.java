package jp.kakehashi.policies.dlp;

import static java.util.Objects.requireNonNull;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Runs the policy's DLP detectors over a file's extracted text (and, through the caller, over
 * each archive member's). Numbers are read as NFKC would read them (full-width digits １２３４,
 * ideographic spaces and full-width hyphens count like their usual forms) without normalising the
 * whole text, which is most of the cost on Japanese text. Only the few characters around a
 * candidate are normalised, and the whole text only for word and pattern lists. Numbers may be written in groups
 * separated by a space or a hyphen (1234-5678-9012), but only in the groupings people write, so
 * that columns of small numbers in a table do not join into a false 12-digit candidate.
 */
public final class DlpScanner {
    private final DlpRules rules;

    public DlpScanner(DlpRules rules) {
        this.rules = requireNonNull(rules, "rules");
    }

    /**
     * Where an archive member's text begins in extracted text: a line with ASCII's file separator
     * and the member's path, as the sanitizer writes a ZIP's text. Thresholds count the whole
     * archive (a list split over many members is still a list); each finding names the members its
     * matches were in.
     */
    public static final char MEMBER = '\u001C';

    /** Findings of every detector that reached its threshold, in the order of the policy. */
    public List<DlpFinding> scan(String text) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        if (rules.myNumber() != DlpRules.MyNumberMode.OFF || rules.corporateNumbers() || rules.cardNumbers()) {
            Members members = Members.of(text);
            for (Candidate c : candidates(text)) {
                classify(text, c, tallies, members.at(c.start()));
            }
        }
        List<DlpFinding> findings = new ArrayList<>();
        for (String id : List.of(DlpRules.MY_NUMBER, DlpRules.CORPORATE_NUMBER, DlpRules.CARD_NUMBER)) {
            Tally t = tallies.get(id);
            if (t != null) {
                findings.add(t.finding(id));
            }
        }
        if (rules.wordLists().isEmpty() && rules.patternLists().isEmpty()) {
            return List.copyOf(findings);
        }
        String normalised = nfkc(text);
        Members members = Members.of(normalised);
        for (DlpRules.WordList list : rules.wordLists()) {
            Tally t = null;
            for (String word : list.words()) {
                String w = Normalizer.normalize(word, Normalizer.Form.NFKC);
                for (int at = normalised.indexOf(w); at >= 0; at = normalised.indexOf(w, at + w.length())) {
                    t = t == null ? new Tally(w) : t;
                    t.add(members.at(at));
                }
            }
            if (t != null && t.count >= list.threshold()) {
                findings.add(t.finding(list.id()));
            }
        }
        for (DlpRules.PatternList list : rules.patternLists()) {
            Matcher m = list.pattern().matcher(normalised);
            Tally t = null;
            while (m.find()) {
                t = t == null ? new Tally(mask(m.group())) : t;
                t.add(members.at(m.start()));
            }
            if (t != null && t.count >= list.threshold()) {
                findings.add(t.finding(list.id()));
            }
        }
        return List.copyOf(findings);
    }

    /** The members of an archive's text, by where each begins; one nameless member for other text. */
    private record Members(int[] starts, List<String> names) {
        static Members of(String text) {
            List<Integer> starts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int at = text.indexOf(MEMBER); at >= 0; at = text.indexOf(MEMBER, at + 1)) {
                if (at == 0 || text.charAt(at - 1) == '\n') {
                    int end = text.indexOf('\n', at);
                    starts.add(at);
                    names.add(text.substring(at + 1, end < 0 ? text.length() : end));
                }
            }
            return new Members(starts.stream().mapToInt(Integer::intValue).toArray(), names);
        }

        /** The path of the member the offset lies in, or empty before the first (or without any). */
        String at(int offset) {
            int i = java.util.Arrays.binarySearch(starts, offset);
            int member = i >= 0 ? i : -i - 2;
            return member < 0 ? "" : names.get(member);
        }
    }

    private void classify(String text, Candidate c, Map<String, Tally> tallies, String member) {
        String d = c.digits();
        if (rules.myNumber() != DlpRules.MyNumberMode.OFF
                && d.length() == 12
                && c.groupedAs(12, 444)
                && CheckDigits.isMyNumber(d)
                && (rules.myNumber() == DlpRules.MyNumberMode.STRICT
                        || MyNumberContext.near(text, c.start(), c.end()))) {
            tallies.computeIfAbsent(DlpRules.MY_NUMBER, k -> new Tally(mask(d))).add(member);
        }
        if (rules.corporateNumbers() && d.length() == 13 && c.groupedAs(13, 1444) && CheckDigits.isCorporateNumber(d)) {
            tallies.computeIfAbsent(DlpRules.CORPORATE_NUMBER, k -> new Tally(mask(d)))
                    .add(member);
        }
        if (rules.cardNumbers()
                && d.length() >= 13
                && (c.groups().size() == 1 || c.groupedAs(16, 4444) || c.groupedAs(15, 465) || c.groupedAs(14, 464))
                && CheckDigits.isCardNumber(d)) {
            tallies.computeIfAbsent(DlpRules.CARD_NUMBER, k -> new Tally(mask(d)))
                    .add(member);
        }
    }

    /** Every maximal run of digits, with single spaces or hyphens allowed between digit groups. */
    static List<Candidate> candidates(String text) {
        List<Candidate> found = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (digit(text.charAt(i)) < 0) {
                i++;
                continue;
            }
            // Measure the run first: dates, amounts and codes are far more common than long numbers,
            // and only a run of 12 to 19 digits is worth building.
            int start = i;
            int count = 0;
            while (true) {
                while (i < n && digit(text.charAt(i)) >= 0) {
                    count++;
                    i++;
                }
                if (i + 1 < n && isSeparator(text.charAt(i)) && digit(text.charAt(i + 1)) >= 0 && count < 20) {
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
                    int d = digit(text.charAt(k));
                    if (d >= 0) {
                        digits.append((char) ('0' + d));
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

    /** Text as NFKC writes it; most extracted text already is, and checking does not copy it. */
    static String nfkc(String text) {
        return Normalizer.isNormalized(text, Normalizer.Form.NFKC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    /** The value of an ASCII or full-width digit (what NFKC makes ASCII), else -1. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= '\uFF10' && c <= '\uFF19') {
            return c - '\uFF10';
        }
        return -1;
    }

    /**
     * Space and hyphen-like characters between digit groups, with the forms NFKC folds into them
     * (ideographic and no-break space, full-width hyphen, non-breaking hyphen, half-width ｰ).
     */
    private static boolean isSeparator(char c) {
        return switch (c) {
            case ' ', '-', '\u00A0', '\u3000', '\uFF0D', '\u2010', '\u2011', '\u2212', '\u30FC', '\uFF70' -> true;
            default -> false;
        };
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
        final Set<String> members = new LinkedHashSet<>();
        int count;

        Tally(String example) {
            this.example = example;
        }

        void add(String member) {
            count++;
            if (!member.isEmpty()) {
                members.add(member);
            }
        }

        DlpFinding finding(String detector) {
            return new DlpFinding(detector, count, example, List.copyOf(members));
        }
    }
}
