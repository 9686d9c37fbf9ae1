package jp.kakehashi.appliance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void aWriterThatIsInterruptedDoesNotCloseTheLogForEveryoneElse() throws Exception {
        AuditKeys keys = AuditKeys.loadOrGenerate(
                dir.resolve("keys/audit.key"), dir.resolve(AuditLog.PUBLIC_KEY), new SecureRandom());
        try (AuditLog audit = AuditLog.open(dir, keys, Clock.systemUTC())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // A job stopped by shutdownNow, or a request thread Jetty interrupts, while it records an event.
            Thread stopped = Thread.ofPlatform().start(() -> {
                Thread.currentThread().interrupt();
                try {
                    audit.append(AuditEvent.system(AuditType.POLICY_ACTIVATED, Map.of()));
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            stopped.join();
            assertThat(failure.get()).isNull();
            audit.append(AuditEvent.system(AuditType.APPLIANCE_STOPPED, Map.of()));
        }
        AuditVerifier.Result r = AuditVerifier.verify(dir);
        assertThat(r.ok()).as(r.problem()).isTrue();
        assertThat(r.records()).isEqualTo(2);
    }
}
