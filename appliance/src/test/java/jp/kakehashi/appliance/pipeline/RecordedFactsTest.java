package jp.kakehashi.appliance.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.policies.ContentFacts;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Party;
import jp.kakehashi.policies.ScanVerdict;
import jp.kakehashi.policies.dlp.DlpFinding;
import org.junit.jupiter.api.Test;

/** The facts stored with an item read back as the same facts, so a replay decides on what the daemon saw. */
class RecordedFactsTest {
    private static final Facts RECEIVED = Facts.of(Flow.parse("lgwan->internet"), "text/csv", 2048, true)
            .withExtension("txt")
            .withParties(new Party("tanaka", Set.of("kacho", "somu"), "city"), new Party("", Set.of(), "acme"))
            .withScan(ScanVerdict.CLEAN)
            .at(LocalTime.of(17, 45));

    @Test
    void factsBeforeAndAfterDisarmingSurviveTheRoundTrip() {
        RecordedFacts before = new RecordedFacts(RECEIVED, "");
        assertThat(RecordedFacts.parse(before.toJson())).isEqualTo(before);

        Facts disarmed = RECEIVED.withContent(new ContentFacts(
                Set.of("macro", "ole-object"), List.of(new DlpFinding("my-number", 2, "1234****9018"))));
        RecordedFacts after = new RecordedFacts(disarmed, "0123456789abcdef");
        assertThat(RecordedFacts.parse(after.toJson())).isEqualTo(after);
        Facts zipped = RECEIVED.withContent(new ContentFacts(
                Set.of(), List.of(new DlpFinding("my-number", 1, "********9018", List.of("名簿/meibo.csv")))));
        RecordedFacts inArchive = new RecordedFacts(zipped, "0123456789abcdef");
        assertThat(RecordedFacts.parse(inArchive.toJson()))
                .as("the members a finding names survive the round trip")
                .isEqualTo(inArchive);
        assertThat(after.toJson()).doesNotContain("123456789018");
    }

    @Test
    void somethingElseIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> RecordedFacts.parse("not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> RecordedFacts.parse("{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no flow");
    }
}
