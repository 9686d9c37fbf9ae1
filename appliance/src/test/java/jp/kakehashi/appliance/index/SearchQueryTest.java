package jp.kakehashi.appliance.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import jp.kakehashi.appliance.index.SearchQuery.And;
import jp.kakehashi.appliance.index.SearchQuery.Not;
import jp.kakehashi.appliance.index.SearchQuery.Or;
import jp.kakehashi.appliance.index.SearchQuery.Phrase;
import jp.kakehashi.appliance.index.SearchQuery.Prefix;
import jp.kakehashi.appliance.index.SearchQuery.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The search box's own grammar: what it means, and the refusal every hostile query gets (ATTACKS SRCH-01). */
class SearchQueryTest {
    private static final String ANY = SearchQuery.ANYWHERE;

    @Test
    void wordsSideBySideAreAllRequiredAndOrBindsLooser() {
        assertThat(SearchQuery.parse("見積書 工事")).isEqualTo(new And(List.of(new Word(ANY, "見積書"), new Word(ANY, "工事"))));
        assertThat(SearchQuery.parse("見積書 AND 工事 OR 請求書"))
                .isEqualTo(new Or(
                        List.of(new And(List.of(new Word(ANY, "見積書"), new Word(ANY, "工事"))), new Word(ANY, "請求書"))));
        assertThat(SearchQuery.parse("見積書 (工事 OR 請求書)"))
                .isEqualTo(new And(
                        List.of(new Word(ANY, "見積書"), new Or(List.of(new Word(ANY, "工事"), new Word(ANY, "請求書"))))));
    }

    @Test
    void phrasesPrefixesExclusionsAndFilters() {
        assertThat(SearchQuery.parse("\"道路 補修\" 見積* -下書き NOT name:案 partner:acme type:PDF date:2026-11"))
                .isEqualTo(new And(List.of(
                        new Phrase(ANY, "道路 補修"),
                        new Prefix(ANY, "見積"),
                        new Not(new Word(ANY, "下書き")),
                        new Not(new Word("name", "案")),
                        new Word("partner", "acme"),
                        new Word("type", "PDF"),
                        new Word("date", "2026-11"))));
        assertThat(SearchQuery.parse("ＲＥＰＯＲＴ＊")).isEqualTo(new Prefix(ANY, "report"));
    }

    @Test
    void lowerCaseOperatorsAndColonsInsideWordsAreJustWords() {
        assertThat(SearchQuery.parse("and or")).isEqualTo(new And(List.of(new Word(ANY, "and"), new Word(ANY, "or"))));
        assertThat(SearchQuery.parse("ORACLE 10:30"))
                .isEqualTo(new And(List.of(new Word(ANY, "ORACLE"), new Word(ANY, "10:30"))));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'   '|EMPTY",
                "*報告|LEADING_WILDCARD",
                "報*告|WILDCARD_INSIDE",
                "報*|SHORT_PREFIX",
                "a*|SHORT_PREFIX",
                "/.*/|UNSUPPORTED",
                "報告~2|UNSUPPORTED",
                "報告^10|UNSUPPORTED",
                "報?告|UNSUPPORTED",
                "[a TO z]|UNSUPPORTED",
                "(報告|UNBALANCED",
                "報告)|UNBALANCED",
                "()|EMPTY_GROUP",
                "\"報告|UNCLOSED_QUOTE",
                "\"  \"|EMPTY_PHRASE",
                "報告 AND|DANGLING_OPERATOR",
                "OR 報告|DANGLING_OPERATOR",
                "NOT|DANGLING_OPERATOR",
                "NOT 報告|ONLY_NOT",
                "-報告 -下書き|ONLY_NOT",
                "secret:x|UNKNOWN_FIELD",
                "owner:x|UNKNOWN_FIELD",
                "name: x|EMPTY_FILTER",
                "date:11月|BAD_DATE",
                "partner:ac*|PREFIX_ON_FILTER",
                "((((( 報告 )))))|TOO_DEEP",
            })
    void everyHostileOrBrokenQueryIsRefusedWithItsReason(String query, String code) {
        assertThatThrownBy(() -> SearchQuery.parse(query)).isInstanceOfSatisfying(SearchQuery.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.japanese()).contains("文字目");
            assertThat(r.english()).contains("at character");
        });
    }

    @Test
    void lengthAndClausesAreBounded() {
        assertThatThrownBy(() -> SearchQuery.parse("あ".repeat(SearchQuery.MAX_CHARS + 1)))
                .hasFieldOrPropertyWithValue("code", "TOO_LONG");
        assertThat(SearchQuery.parse("語 ".repeat(SearchQuery.MAX_CLAUSES))).isInstanceOf(And.class);
        assertThatThrownBy(() -> SearchQuery.parse("語 ".repeat(SearchQuery.MAX_CLAUSES + 1)))
                .hasFieldOrPropertyWithValue("code", "TOO_MANY_CLAUSES");
        assertThat(SearchQuery.parse("((((報告))))")).isEqualTo(new Word(ANY, "報告"));
    }
}
