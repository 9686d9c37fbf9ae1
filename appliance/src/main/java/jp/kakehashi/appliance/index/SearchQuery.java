package jp.kakehashi.appliance.index;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The search box's grammar, our own so that nothing reaches Lucene that we did not mean (ATTACKS
 * SRCH-01): words, {@code "phrases"}, {@code AND} (or nothing), {@code OR}, {@code NOT} (or a
 * leading {@code -}), parentheses, the field filters {@code name: partner: type: date: folder:}, and a
 * trailing {@code *} after two or more characters. No regex, fuzzy, boost, range or leading
 * wildcard, and bounded length, clauses and nesting: a hostile query is refused with where and
 * why, in Japanese and English, before it costs anything.
 */
public sealed interface SearchQuery {
    /** Longest query accepted, in characters. */
    int MAX_CHARS = 200;
    /** Most words, phrases, prefixes and filters in one query. */
    int MAX_CLAUSES = 16;
    /** Deepest nesting of parentheses. */
    int MAX_DEPTH = 4;
    /** Shortest stem before a trailing {@code *}. */
    int MIN_PREFIX = 2;

    /** Fields a word may be limited to; {@code folder:} (a shared folder's name) matters only in folders. */
    Set<String> FIELDS = Set.of("name", "partner", "type", "date", "folder");

    /** A word (analysed like the text: it may stand for several), in the text and name or in one field. */
    record Word(String field, String text) implements SearchQuery {}

    /** Words that must follow each other. */
    record Phrase(String field, String text) implements SearchQuery {}

    /** Words starting with {@code stem} (already NFKC and lower case). */
    record Prefix(String field, String stem) implements SearchQuery {}

    record And(List<SearchQuery> all) implements SearchQuery {}

    record Or(List<SearchQuery> any) implements SearchQuery {}

    record Not(SearchQuery query) implements SearchQuery {}

    /** The field of a word with none: the text and the file name. */
    String ANYWHERE = "";

    /** Why a query was refused, and at which character (0-based). */
    final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String code;
        private final String japanese;
        private final String english;

        Refused(String code, int at, String japanese, String english) {
            super(english + " (" + (at + 1) + "文字目: " + japanese + ")");
            this.code = code;
            this.japanese = japanese + "（" + (at + 1) + "文字目）";
            this.english = english + " (at character " + (at + 1) + ")";
        }

        public String code() {
            return code;
        }

        public String japanese() {
            return japanese;
        }

        public String english() {
            return english;
        }
    }

    /**
     * Parses a query typed by a person.
     *
     * @throws Refused with a reason for anything outside the grammar or its limits
     */
    static SearchQuery parse(String query) {
        return new Parser(query).parse();
    }

    /** A recursive-descent parser over the characters; positions are kept for the refusals. */
    final class Parser {
        private static final Pattern DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
        private static final String FORBIDDEN = "?~^/\\{}[]<>=!&|";

        private final String in;
        private int pos;
        private int clauses;
        private int depth;

        Parser(String query) {
            this.in = query;
        }

        SearchQuery parse() {
            if (in.length() > MAX_CHARS) {
                throw new Refused(
                        "TOO_LONG",
                        MAX_CHARS,
                        "検索語は" + MAX_CHARS + "文字以内にしてください",
                        "the query is longer than " + MAX_CHARS + " characters");
            }
            skipSpaces();
            if (pos == in.length()) {
                throw new Refused("EMPTY", 0, "検索語を入力してください", "the query is empty");
            }
            SearchQuery q = or();
            skipSpaces();
            if (pos < in.length()) {
                // Only a ')' can stop or() before the end.
                throw new Refused("UNBALANCED", pos, "対応する「(」のない「)」があります", "a ')' closes nothing");
            }
            if (onlyExcludes(q)) {
                throw new Refused(
                        "ONLY_NOT",
                        0,
                        "NOT（除外）だけでは検索できません。探す語も入れてください",
                        "a query of only NOT finds nothing to look for; add a word to find");
            }
            return q;
        }

        private SearchQuery or() {
            List<SearchQuery> any = new ArrayList<>();
            any.add(and());
            while (keyword("OR")) {
                any.add(and());
            }
            return any.size() == 1 ? any.get(0) : new Or(List.copyOf(any));
        }

        private SearchQuery and() {
            List<SearchQuery> all = new ArrayList<>();
            all.add(unary());
            while (true) {
                skipSpaces();
                if (pos == in.length() || in.charAt(pos) == ')' || peekKeyword("OR")) {
                    break;
                }
                keyword("AND");
                all.add(unary());
            }
            return all.size() == 1 ? all.get(0) : new And(List.copyOf(all));
        }

        private SearchQuery unary() {
            skipSpaces();
            if (keyword("NOT")) {
                return new Not(unary());
            }
            if (pos < in.length() && in.charAt(pos) == '-') {
                pos++;
                return new Not(atom());
            }
            return atom();
        }

        private SearchQuery atom() {
            skipSpaces();
            if (pos == in.length() || peekKeyword("AND") || peekKeyword("OR")) {
                throw new Refused(
                        "DANGLING_OPERATOR",
                        Math.min(pos, Math.max(0, in.length() - 1)),
                        "AND・OR・NOT の後に検索語がありません",
                        "AND, OR or NOT has no word after it");
            }
            char c = in.charAt(pos);
            if (c == '(') {
                int open = pos++;
                if (++depth > MAX_DEPTH) {
                    throw new Refused(
                            "TOO_DEEP",
                            open,
                            "かっこの入れ子は" + MAX_DEPTH + "段までです",
                            "parentheses nest more than " + MAX_DEPTH + " deep");
                }
                SearchQuery inner = or();
                skipSpaces();
                if (pos == in.length() || in.charAt(pos) != ')') {
                    throw new Refused("UNBALANCED", open, "「(」が閉じていません", "a '(' is never closed");
                }
                pos++;
                depth--;
                return inner;
            }
            if (c == ')') {
                throw new Refused("EMPTY_GROUP", pos, "かっこの中に検索語がありません", "the parentheses hold no word");
            }
            String field = field();
            return leaf(field);
        }

        /** {@code name:} and the like; a colon after anything else is part of the word (10:30). */
        private String field() {
            int colon = pos;
            while (colon < in.length() && isAsciiLetter(in.charAt(colon))) {
                colon++;
            }
            if (colon == pos || colon == in.length() || in.charAt(colon) != ':') {
                return ANYWHERE;
            }
            String name = in.substring(pos, colon).toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(name)) {
                throw new Refused(
                        "UNKNOWN_FIELD",
                        pos,
                        "「" + name + ":」という絞り込みはありません（使えるもの: name: partner: type: date: folder:）",
                        "there is no filter '" + name + ":' (there are name: partner: type: date: folder:)");
            }
            pos = colon + 1;
            if (pos == in.length() || Character.isWhitespace(in.charAt(pos))) {
                throw new Refused("EMPTY_FILTER", colon, "「" + name + ":」の後に値がありません", "'" + name + ":' has no value");
            }
            return name;
        }

        private SearchQuery leaf(String field) {
            if (++clauses > MAX_CLAUSES) {
                throw new Refused(
                        "TOO_MANY_CLAUSES",
                        pos,
                        "検索語は" + MAX_CLAUSES + "個までです",
                        "the query has more than " + MAX_CLAUSES + " words, phrases and filters");
            }
            if (in.charAt(pos) == '"') {
                int open = pos++;
                int close = in.indexOf('"', pos);
                if (close < 0) {
                    throw new Refused("UNCLOSED_QUOTE", open, "「\"」が閉じていません", "a '\"' is never closed");
                }
                String text = in.substring(pos, close);
                pos = close + 1;
                if (text.isBlank()) {
                    throw new Refused("EMPTY_PHRASE", open, "「\"\"」の中に語がありません", "the quotes hold no word");
                }
                checkCharacters(text, open + 1, false);
                return new Phrase(field, text);
            }
            int start = pos;
            while (pos < in.length()
                    && !Character.isWhitespace(in.charAt(pos))
                    && in.charAt(pos) != '('
                    && in.charAt(pos) != ')'
                    && in.charAt(pos) != '"') {
                pos++;
            }
            String word = in.substring(start, pos);
            if (word.isEmpty()) {
                throw new Refused("UNEXPECTED", start, "ここに検索語が必要です", "a word is needed here");
            }
            // A media type has a slash (type:text/plain); nowhere else does one mean anything to us.
            checkCharacters(field.equals("type") ? word.replace('/', '-') : word, start, true);
            if (field.equals("date") && !DATE.matcher(word).matches()) {
                throw new Refused(
                        "BAD_DATE",
                        start,
                        "date: には 2026、2026-11、2026-11-25 の形で日付を書いてください",
                        "date: takes 2026, 2026-11 or 2026-11-25");
            }
            if (word.endsWith("*") || word.endsWith("＊")) {
                String stem = normalise(word.substring(0, word.length() - 1));
                if (stem.codePointCount(0, stem.length()) < MIN_PREFIX) {
                    throw new Refused(
                            "SHORT_PREFIX",
                            start,
                            "「*」の前には" + MIN_PREFIX + "文字以上が必要です",
                            "a '*' needs at least " + MIN_PREFIX + " characters before it");
                }
                if (field.equals("date") || field.equals("partner") || field.equals("type")) {
                    throw new Refused(
                            "PREFIX_ON_FILTER",
                            start,
                            "「" + field + ":」には「*」を使えません",
                            "'" + field + ":' does not take a '*'");
                }
                return new Prefix(field, stem);
            }
            return new Word(field, word);
        }

        /** Refuses the characters of other query languages: wildcards inside words, regex, fuzzy, boosts. */
        private static void checkCharacters(String text, int offset, boolean trailingStarAllowed) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean star = c == '*' || c == '＊';
                if (star && trailingStarAllowed && i == text.length() - 1 && i > 0) {
                    continue;
                }
                if (star) {
                    throw new Refused(
                            i == 0 ? "LEADING_WILDCARD" : "WILDCARD_INSIDE",
                            offset + i,
                            "「*」は語の終わりにだけ使えます（前方一致）",
                            "'*' is allowed only at the end of a word (prefix search)");
                }
                if (FORBIDDEN.indexOf(c) >= 0) {
                    throw new Refused(
                            "UNSUPPORTED",
                            offset + i,
                            "「" + c + "」は検索に使えません（正規表現・あいまい検索などはできません）",
                            "'" + c + "' cannot be used (no regex, fuzzy, boost or range search)");
                }
            }
        }

        private boolean keyword(String word) {
            skipSpaces();
            if (peekKeyword(word)) {
                pos += word.length();
                return true;
            }
            return false;
        }

        /** An operator is the upper-case word standing alone: "and" and "ORACLE" are words. */
        private boolean peekKeyword(String word) {
            int end = pos + word.length();
            return in.startsWith(word, pos) && (end == in.length() || isSeparator(in.charAt(end)));
        }

        private static boolean isSeparator(char c) {
            return Character.isWhitespace(c) || c == '(' || c == '"';
        }

        private void skipSpaces() {
            while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean onlyExcludes(SearchQuery q) {
            return switch (q) {
                case Not n -> true;
                case And a -> a.all().stream().allMatch(Parser::onlyExcludes);
                case Or o -> o.any().stream().anyMatch(Parser::onlyExcludes);
                case Word w -> false;
                case Phrase p -> false;
                case Prefix p -> false;
            };
        }
    }

    /** NFKC and lower case, as the analyser leaves indexed words (全角 ＡＢＣ finds abc). */
    static String normalise(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
