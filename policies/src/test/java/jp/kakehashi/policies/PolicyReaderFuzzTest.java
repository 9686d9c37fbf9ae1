package jp.kakehashi.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * The policy reader under a fuzzer (ISSUE 21 §8): whatever an administrator proposes is a policy
 * or a {@link ConfigException} that says where and what; nothing else escapes, so a bad proposal
 * can never take the daemon down at reload.
 */
class PolicyReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyTextIsAPolicyOrAReasonWithAPlace(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            assertThat(PolicyLoader.read(new StringReader(text), "fuzz.yaml")).isNotNull();
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
