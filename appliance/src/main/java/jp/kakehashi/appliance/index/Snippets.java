package jp.kakehashi.appliance.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.jspecify.annotations.Nullable;

/**
 * Snippets of a hit's text with the matched words marked, as plain pieces: the page escapes
 * every piece itself, so no markup from the index ever reaches it. Words found through their
 * bigrams (a name Kuromoji cuts differently) are marked too.
 */
final class Snippets {
    /** Private-use marks around a match inside the highlighter's string; stripped from the text first. */
    private static final char OPEN = '\uE000';

    private static final char CLOSE = '\uE001';
    private static final String GAP = " … ";

    /** The most characters of one passage shown around its matches. */
    private static final int PASSAGE_CHARS = 160;

    private Snippets() {}

    static UnifiedHighlighter highlighter(IndexSearcher searcher, Analyzer analyzer) {
        return UnifiedHighlighter.builder(searcher, analyzer)
                .withMaskedFieldsFunc(field -> field.equals("text") ? Set.of("text_bi") : Set.of())
                // Re-analysing the stored text is what a snippet costs; the first 20,000 characters
                // hold the match in nearly every document, and past them the snippet is the start.
                .withMaxLength(20_000)
                .withFormatter(new Marks())
                .build();
    }

    /** The highlighter's string back into pieces; empty for a hit with no stored text. */
    static List<SearchIndex.Fragment> fragments(@Nullable String marked) {
        List<SearchIndex.Fragment> out = new ArrayList<>();
        if (marked == null) {
            return out;
        }
        StringBuilder piece = new StringBuilder();
        boolean match = false;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == OPEN || c == CLOSE) {
                if (!piece.isEmpty()) {
                    out.add(new SearchIndex.Fragment(piece.toString(), match));
                    piece.setLength(0);
                }
                match = c == OPEN;
            } else {
                piece.append(c);
            }
        }
        if (!piece.isEmpty()) {
            out.add(new SearchIndex.Fragment(piece.toString(), match));
        }
        return out;
    }

    /** Marks each match, trims long passages to the part around their matches, joins them with … */
    private static final class Marks extends PassageFormatter {
        @Override
        public Object format(Passage[] passages, String content) {
            StringBuilder out = new StringBuilder();
            for (Passage p : passages) {
                if (!out.isEmpty()) {
                    out.append(GAP);
                }
                int start = p.getStartOffset();
                int end = p.getEndOffset();
                if (p.getNumMatches() > 0 && end - start > PASSAGE_CHARS) {
                    start = Math.max(start, p.getMatchStarts()[0] - PASSAGE_CHARS / 4);
                    end = Math.min(end, start + PASSAGE_CHARS);
                } else {
                    end = Math.min(end, start + PASSAGE_CHARS);
                }
                int at = start;
                for (int i = 0; i < p.getNumMatches(); i++) {
                    int ms = Math.max(p.getMatchStarts()[i], at);
                    int me = Math.min(p.getMatchEnds()[i], end);
                    if (ms >= me) {
                        continue;
                    }
                    append(out, content, at, ms);
                    out.append(OPEN);
                    append(out, content, ms, me);
                    out.append(CLOSE);
                    at = me;
                }
                append(out, content, at, end);
            }
            return out.toString().strip();
        }

        private static void append(StringBuilder out, String content, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = content.charAt(i);
                if (c == OPEN || c == CLOSE) {
                    continue;
                }
                out.append(Character.isWhitespace(c) ? ' ' : c);
            }
        }
    }
}
