package jp.kakehashi.appliance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import jp.kakehashi.appliance.store.Database;
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

    /**
     * ATTACKS F-06, found by the hundred-run crash loop: the holder appends a queued event and
     * then removes it from the queue; killed in between, it appended the event again at the next
     * start (an item "published twice" in the trail). The queue row is put back here as the kill
     * left it.
     */
    @Test
    void aQueuedEventAppendedJustBeforeACrashIsNotAppendedAgain() throws Exception {
        Path logDir = dir.resolve("audit");
        AuditKeys keys = AuditKeys.loadOrGenerate(
                dir.resolve("keys/audit.key"), logDir.resolve(AuditLog.PUBLIC_KEY), new SecureRandom());
        try (Database db = Database.open(dir.resolve("kakehashi.db"))) {
            db.transaction(c -> {
                AuditOutbox.enqueue(c, new AuditEvent(AuditType.ITEM_PUBLISHED, "system", "", "item-1", Map.of()));
                return true;
            });
            String row = db.read(c -> Database.rows(
                            c.prepareStatement("SELECT id || ' ' || event FROM audit_outbox"), rs -> rs.getString(1))
                    .get(0));
            try (AuditLog audit = AuditLog.open(logDir, keys, Clock.systemUTC())) {
                assertThat(audit.drain(db)).isEqualTo(1);
            }
            db.transaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_outbox (id, event) VALUES (?, ?)")) {
                    s.setLong(1, Long.parseLong(row.substring(0, row.indexOf(' '))));
                    s.setString(2, row.substring(row.indexOf(' ') + 1));
                    return s.executeUpdate();
                }
            });
            try (AuditLog restarted = AuditLog.open(logDir, keys, Clock.systemUTC())) {
                assertThat(restarted.drain(db)).isZero();
                assertThat(AuditOutbox.backlog(db)).isZero();
            }
        }
        assertThat(AuditLog.readRecords(logDir))
                .filteredOn(r -> r.path("type").asText().equals("ITEM_PUBLISHED"))
                .hasSize(1);
    }

    /** Issue 25: what follows the audit trail (the mail notices) sees each event once, and its fault never holds the trail up. */
    @Test
    void aFollowerSeesEachEventOnceAndItsFaultNeverStopsTheTrail() throws Exception {
        Path logDir = dir.resolve("audit");
        AuditKeys keys = AuditKeys.loadOrGenerate(
                dir.resolve("keys/audit.key"), logDir.resolve(AuditLog.PUBLIC_KEY), new SecureRandom());
        java.util.List<String> seen = new java.util.ArrayList<>();
        try (Database db = Database.open(dir.resolve("kakehashi.db"));
                AuditLog audit = AuditLog.open(logDir, keys, Clock.systemUTC())) {
            audit.follow((tx, event) -> {
                seen.add(event.item());
                if (event.item().equals("item-2")) {
                    throw new IllegalStateException("a broken follower");
                }
            });
            for (String item : java.util.List.of("item-1", "item-2", "item-3")) {
                db.transaction(c -> {
                    AuditOutbox.enqueue(c, new AuditEvent(AuditType.ITEM_PUBLISHED, "system", "", item, Map.of()));
                    return true;
                });
            }
            assertThat(audit.drain(db)).isEqualTo(3);
            assertThat(audit.drain(db)).isZero();
            assertThat(AuditOutbox.backlog(db)).isZero();
        }
        assertThat(seen).containsExactly("item-1", "item-2", "item-3");
    }

    /** Two threads drain one queue at once (the housekeeping timer and a pipeline step): each event once, in order. */
    @Test
    void twoDrainersAppendEachEventOnceInQueueOrder() throws Exception {
        Path logDir = dir.resolve("audit");
        AuditKeys keys = AuditKeys.loadOrGenerate(
                dir.resolve("keys/audit.key"), logDir.resolve(AuditLog.PUBLIC_KEY), new SecureRandom());
        try (Database db = Database.open(dir.resolve("kakehashi.db"));
                AuditLog audit = AuditLog.open(logDir, keys, Clock.systemUTC())) {
            db.transaction(c -> {
                for (int i = 0; i < 300; i++) {
                    AuditOutbox.enqueue(
                            c, new AuditEvent(AuditType.ITEM_PUBLISHED, "system", "", "item-" + i, Map.of()));
                }
                return true;
            });
            CyclicBarrier start = new CyclicBarrier(2);
            Callable<Integer> drainer = () -> {
                start.await(10, TimeUnit.SECONDS);
                int n = 0;
                for (int got; (got = audit.drain(db)) > 0 || AuditOutbox.backlog(db) > 0; ) {
                    n += got;
                }
                return n;
            };
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> a = two.submit(drainer);
                Future<Integer> b = two.submit(drainer);
                assertThat(a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS))
                        .isEqualTo(300);
            } finally {
                two.shutdownNow();
            }
        }
        assertThat(AuditLog.readRecords(logDir))
                .extracting(r -> r.path("item").asText())
                .containsExactlyElementsOf(
                        IntStream.range(0, 300).mapToObj(i -> "item-" + i).toList());
        assertThat(AuditVerifier.verify(logDir).ok()).isTrue();
    }
}
