package jp.kakehashi.appliance.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each cause of a hold keeps its own count, so a new cause is audited and retried soon. */
class RetryingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aHoldForTheSameCauseCountsOnAndANewCauseStartsAgain() {
        Optional<Retrying> scanner = Optional.of(new Retrying(Retrying.Reason.SCANNER_UNAVAILABLE, T0));
        assertThat(Retrying.attemptFor(Optional.empty(), 0, Retrying.Reason.SCANNER_UNAVAILABLE))
                .isEqualTo(1);
        assertThat(Retrying.attemptFor(scanner, 30, Retrying.Reason.SCANNER_UNAVAILABLE))
                .isEqualTo(31);
        int fault = Retrying.attemptFor(scanner, 30, Retrying.Reason.INTERNAL_ERROR);
        assertThat(fault)
                .as("a disk fault after a long scanner outage is its first try, audited as ITEM_HELD")
                .isEqualTo(1);
        assertThat(Retrying.Reason.INTERNAL_ERROR.waitAfter(fault)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Retrying.attemptFor(Optional.empty(), 4, Retrying.Reason.INTERNAL_ERROR))
                .as("an item that moved on since its last hold starts again")
                .isEqualTo(1);
    }
}
