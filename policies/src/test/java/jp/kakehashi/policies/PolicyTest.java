package jp.kakehashi.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {
    private static final String PDF = "application/pdf";
    private static final String EXE = "application/x-msdownload";
    private final Policy shipped = PolicyLoader.shippedDefault();

    @ParameterizedTest(name = "{0} {1} {2} bytes mismatch={3} -> {4}")
    @CsvSource({
        "internet->lgwan, application/pdf,          1000,       false, allow, inbound-disarm",
        "internet->lgwan, application/x-msdownload, 1000,       false, TYPE_NOT_ALLOWED, inbound-disarm",
        "internet->lgwan, application/pdf,          2147483648, false, SIZE_LIMIT, inbound-disarm",
        "internet->lgwan, application/pdf,          1000,       true,  TYPE_MISMATCH, inbound-disarm",
        "lgwan->internet, text/csv,                 1000,       false, allow, outbound-documents",
        "lgwan->mynumber, application/pdf,          1000,       false, TYPE_NOT_ALLOWED, mynumber-import",
        "lgwan->mynumber, text/csv,                 1000,       false, allow, mynumber-import",
        "internet->mynumber, text/csv,              1000,       false, FLOW_DENIED, ''",
    })
    void theShippedPolicyDecides(String flow, String type, long size, boolean mismatch, String expected, String rule) {
        Decision d = shipped.decide(new Facts(Flow.parse(flow), type, size, mismatch));
        if (expected.equals("allow")) {
            assertThat(d).isInstanceOf(Decision.Allow.class);
        } else {
            assertThat(d)
                    .isInstanceOfSatisfying(
                            Decision.Block.class,
                            b -> assertThat(b.reason().name()).isEqualTo(expected));
        }
        assertThat(d.rules().stream().map(RuleId::value).toList())
                .isEqualTo(rule.isEmpty() ? java.util.List.of() : java.util.List.of(rule));
    }

    @Test
    void aBlockFromAnyMatchingRuleWins() {
        Policy p = PolicyLoader.read(new StringReader("""
                flows:
                  - id: broad
                    flow: internet -> lgwan
                    allow-types: [application/pdf, application/x-msdownload]
                  - id: no-exe
                    flow: internet -> lgwan
                    allow-types: [application/pdf]
                """), "test.yaml");
        assertThat(p.decide(new Facts(Flow.parse("internet->lgwan"), EXE, 1, false)))
                .isInstanceOfSatisfying(
                        Decision.Block.class, b -> assertThat(b.rules()).containsExactly(new RuleId("no-exe")));
        assertThat(p.decide(new Facts(Flow.parse("internet->lgwan"), PDF, 1, false))
                        .rules())
                .containsExactly(new RuleId("broad"), new RuleId("no-exe"));
    }

    @Test
    void nothingLeavesTheMyNumberZone() {
        assertThatThrownBy(() -> Flow.parse("mynumber->lgwan")).hasMessageContaining("My Number");
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("""
                flows:
                  - id: leak
                    flow: mynumber -> internet
                """), "p.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("p.yaml:3:")
                .hasMessageContaining("My Number");
    }

    @Test
    void errorsNameTheFileLineAndKey() {
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("""
                version: 1
                flows:
                  - id: inbound
                    flow: internet -> lgwan
                    max-sise: 10MB
                """), "city.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("city.yaml:5:")
                .hasMessageContaining("max-sise")
                .hasMessageContaining("max-size");
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("""
                flows:
                  - id: inbound
                    flow: internet -> lgwan
                    max-size: ten
                """), "city.yaml"))
                .hasMessageContaining("city.yaml:4:")
                .hasMessageContaining("expected a size");
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("""
                flows:
                  - id: a
                    flow: internet -> lgwan
                  - id: a
                    flow: lgwan -> internet
                """), "city.yaml"))
                .hasMessageContaining("used by two rules");
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("flows: [\n"), "broken.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("broken.yaml:");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append("]\n");
        }
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader(yaml.toString()), "bomb.yaml"))
                .isInstanceOf(ConfigException.class);
    }
}
