package jp.kakehashi.appliance.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jp.kakehashi.appliance.fuzz.Inputs;

/**
 * The search box's grammar under a fuzzer (ISSUE 21 §8, ATTACKS SRCH-01): any text typed is either
 * a query or a refusal with a reason in both languages; nothing else escapes (no stack overflow on
 * deep nesting, no other exception).
 */
class SearchQueryFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyTextIsAQueryOrARefusalWithAReason(byte[] input) {
        String text = Inputs.text(input);
        try {
            SearchQuery q = SearchQuery.parse(text);
            assertThat(q).isNotNull();
        } catch (SearchQuery.Refused refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
