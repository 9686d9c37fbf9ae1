package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The CSV neutraliser under a fuzzer (ISSUE 21 §8, ATTACKS OFF-11): for any bytes it only ever
 * inserts {@code '} before a cell, never drops or changes a byte, and says how many it inserted.
 */
class CsvNeutralizerFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void onlyQuotesAreAddedAndNothingIsLost(byte[] input) throws IOException {
        int delimiter = input.length > 0 && (input[0] & 1) == 1 ? '\t' : ',';
        int[] at = {0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int neutralised = CsvNeutralizer.neutralize(
                () -> at[0] < input.length ? input[at[0]++] & 0xff : -1, out::write, delimiter);
        byte[] written = out.toByteArray();
        int inserted = 0;
        int i = 0;
        for (byte b : written) {
            if (i < input.length && b == input[i]) {
                i++;
            } else {
                assertThat(b)
                        .as("only a quote is ever added (at output byte %d)", i + inserted)
                        .isEqualTo((byte) '\'');
                inserted++;
            }
        }
        assertThat(i).as("every input byte is in the output, in order").isEqualTo(input.length);
        assertThat(inserted).isEqualTo(neutralised);
    }
}
