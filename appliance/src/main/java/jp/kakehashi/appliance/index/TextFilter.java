package jp.kakehashi.appliance.index;

import java.util.function.Function;

/**
 * The search box's grammar applied to records that are not in the index: the audit trail, which
 * stays its own only copy. A word, phrase or prefix matches where its characters appear (NFKC,
 * case folded) in the field asked, or anywhere in the record; {@code date:} matches the start of
 * the JST day; AND, OR, NOT and parentheses as in the index. The grammar's limits keep a hostile
 * query as cheap here as there.
 */
public final class TextFilter {
    private final SearchQuery query;

    private TextFilter(SearchQuery query) {
        this.query = query;
    }

    /**
     * @throws SearchQuery.Refused when the query is outside the grammar or its limits
     */
    public static TextFilter parse(String query) {
        return new TextFilter(SearchQuery.parse(query));
    }

    /**
     * Whether a record matches.
     *
     * @param field a field's text ({@code ""} for all of the record's text; {@code name},
     *     {@code partner}, {@code type}, {@code date}, {@code folder}); empty text when it has none
     */
    public boolean test(Function<String, String> field) {
        return test(query, field);
    }

    private static boolean test(SearchQuery q, Function<String, String> field) {
        return switch (q) {
            case SearchQuery.Word w -> has(field, w.field(), w.text());
            case SearchQuery.Phrase p -> has(field, p.field(), p.text());
            case SearchQuery.Prefix p -> has(field, p.field(), p.stem());
            case SearchQuery.Not n -> !test(n.query(), field);
            case SearchQuery.And a -> a.all().stream().allMatch(part -> test(part, field));
            case SearchQuery.Or o -> o.any().stream().anyMatch(part -> test(part, field));
        };
    }

    private static boolean has(Function<String, String> field, String name, String text) {
        String in = SearchQuery.normalise(field.apply(name));
        String wanted = SearchQuery.normalise(text);
        return name.equals("date") ? in.startsWith(wanted) : in.contains(wanted);
    }
}
