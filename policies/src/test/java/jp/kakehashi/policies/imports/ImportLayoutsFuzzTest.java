package jp.kakehashi.policies.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import jp.kakehashi.policies.Policy;

/**
 * The import layouts under a fuzzer (ISSUE 21 §8): whatever bytes arrive as a My Number import,
 * the rewriter writes them anew or refuses them with a row and a reason, never anything else; and
 * what it writes is already in its canonical form (rewriting it again changes nothing).
 */
class ImportLayoutsFuzzTest {
    private static final Policy POLICY = ImportRewriterTest.POLICY;

    /** The first byte picks the layout (even: CSV, odd: fixed width); the rest is the file. */
    @FuzzTest(maxDuration = "60s")
    void anyFileIsWrittenAnewOrRefusedWithItsRow(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        ImportSchema schema = POLICY.importFor((input[0] & 1) == 0 ? "jumin-ido-1.csv" : "kazei-1.dat")
                .orElseThrow();
        byte[] file = Arrays.copyOfRange(input, 1, input.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            long rows = ImportRewriter.rewrite(schema, new ByteArrayInputStream(file), out);
            assertThat(rows).isNotNegative();
        } catch (ImportRefused refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(refused.row()).isNotNegative();
            return;
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try {
            ImportRewriter.rewrite(schema, new ByteArrayInputStream(out.toByteArray()), again);
        } catch (ImportRefused refused) {
            throw new AssertionError("what the rewriter wrote does not fit its own layout: " + refused.getMessage());
        }
        assertThat(again.toByteArray()).as("written in canonical form").isEqualTo(out.toByteArray());
    }
}
