package jp.kakehashi.appliance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.kakehashi.appliance.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client looping on a refused request leaves a bounded, honest trail: a cap a minute, then a count. */
class RefusalAuditTest {
    @TempDir
    Path dir;

    @Test
    void aLoopIsCappedPerMinuteAndTheNextMinuteSaysHowManyWereLeftOut() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-04T01:00:05Z"));
        AuditKeys keys = AuditKeys.loadOrGenerate(
                dir.resolve("keys/audit.key"), dir.resolve(AuditLog.PUBLIC_KEY), new SecureRandom());
        try (AuditLog audit = AuditLog.open(dir, keys, clock)) {
            RefusalAudit refusals = new RefusalAudit(audit::append, clock, 10);
            for (int i = 0; i < 12; i++) {
                refusals.append(refused("mallory", "ROLE"), "mallory|internet|ROLE");
            }
            refusals.append(refused("eve", "ROLE"), "eve|internet|ROLE");
            clock.advance(Duration.ofMinutes(1));
            refusals.append(refused("mallory", "ROLE"), "mallory|internet|ROLE");
            refusals.append(refused("mallory", "ROLE"), "mallory|internet|ROLE");
        }
        List<JsonNode> records = AuditLog.readRecords(dir).stream()
                .filter(r -> r.path("type").asText().equals("ACCESS_REFUSED"))
                .toList();
        assertThat(records.stream()
                        .filter(r -> r.path("actor").asText().equals("mallory"))
                        .count())
                .as("10 in the first minute, 2 in the next")
                .isEqualTo(12);
        assertThat(records.stream()
                        .filter(r -> r.path("actor").asText().equals("eve"))
                        .count())
                .as("another actor has a budget of its own")
                .isEqualTo(1);
        assertThat(records.stream()
                        .map(r -> r.path("data").path("suppressedBefore").asText())
                        .filter(s -> !s.isEmpty())
                        .toList())
                .as("only the first record of the new minute carries the count")
                .containsExactly("2");
        AuditVerifier.Result r = AuditVerifier.verify(dir);
        assertThat(r.ok()).as(r.problem()).isTrue();
    }

    private static AuditEvent refused(String actor, String reason) {
        return new AuditEvent(AuditType.ACCESS_REFUSED, actor, "internet", "/admin", Map.of("reason", reason));
    }
}
