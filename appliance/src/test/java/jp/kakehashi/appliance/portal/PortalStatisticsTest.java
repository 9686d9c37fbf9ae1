package jp.kakehashi.appliance.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.jdbc.JdbcApprovalStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.web.port.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The officers' numbers over a real database: JST days, directions, reasons, times to delivery, approvals. */
class PortalStatisticsTest {
    @TempDir
    Path dir;

    @Test
    void filesAreCountedOnTheJapanDayTheyArrivedWithTheirOutcome() throws Exception {
        try (Database db = Database.open(dir.resolve("kakehashi.db"))) {
            // 2026-10-31 23:30 JST is still October; 2026-11-01 00:10 JST is November.
            item(db, "a", "internet->lgwan", "PUBLISHED", "", "2026-10-31T14:30:00Z", "2026-10-31T14:31:00Z");
            item(db, "b", "internet->lgwan", "PUBLISHED", "", "2026-10-31T15:10:00Z", "2026-10-31T15:11:30Z");
            item(db, "c", "internet->lgwan", "QUARANTINED", "MALWARE", "2026-11-02T01:00:00Z", null);
            item(db, "d", "internet->lgwan", "BLOCKED", "MALWARE", "2026-11-02T02:00:00Z", null);
            item(db, "e", "lgwan->internet", "AWAITING_APPROVAL", "", "2026-11-03T02:00:00Z", null);
            item(db, "f", "lgwan->internet", "EXPIRED", "", "2026-11-04T02:00:00Z", "2026-11-04T03:00:00Z");
            item(db, "g", "lgwan->mynumber", "REJECTED", "APPROVAL_REJECTED", "2026-11-05T02:00:00Z", null);
            approval(db, "e", "PENDING", "2026-11-03T02:01:00Z");
            approval(db, "g", "REJECTED", "2026-11-05T02:01:00Z");

            Report november = statistics(db).report(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));

            assertThat(november.days()).hasSize(30 * 3);
            assertThat(november.received(LocalDate.of(2026, 11, 1), Report.Direction.INBOUND))
                    .isEqualTo(1);
            assertThat(november.received(LocalDate.of(2026, 11, 2), Report.Direction.INBOUND))
                    .isEqualTo(2);
            assertThat(november.flows())
                    .containsExactly(
                            new Report.Flow(Report.Direction.INBOUND, 3, 1, 2, 0),
                            new Report.Flow(Report.Direction.OUTBOUND, 2, 1, 0, 1),
                            new Report.Flow(Report.Direction.TO_MYNUMBER, 1, 0, 1, 0));
            assertThat(november.stopped())
                    .extracting(Report.Reason::code, Report.Reason::count)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("MALWARE", 2L),
                            org.assertj.core.groups.Tuple.tuple("APPROVAL_REJECTED", 1L));
            assertThat(november.stopped().get(0).ja()).isNotBlank();
            assertThat(november.medianToPublication()).contains(Duration.ofSeconds(90));
            assertThat(november.p90ToPublication()).contains(Duration.ofHours(1));
            assertThat(november.approvals()).isEqualTo(new Report.Approvals(0, 1, 0, 1));

            Report october = statistics(db).report(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));
            assertThat(october.received()).isEqualTo(1);
            assertThat(october.medianToPublication()).contains(Duration.ofMinutes(1));
        }
    }

    @Test
    void percentilesTakeTheNearestRank() {
        List<Duration> ten = java.util.stream.IntStream.rangeClosed(1, 10)
                .mapToObj(Duration::ofSeconds)
                .toList();
        assertThat(PortalStatistics.percentile(ten, 50)).contains(Duration.ofSeconds(5));
        assertThat(PortalStatistics.percentile(ten, 90)).contains(Duration.ofSeconds(9));
        assertThat(PortalStatistics.percentile(List.of(), 50)).isEqualTo(Optional.empty());
    }

    private static void item(
            Database db, String id, String flow, String state, String reason, String created, String published) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO items (id, flow, sender, organisation, name, size, sha256, original_blob, state,"
                            + " next_attempt_at, created_at, updated_at, reason_code, published_at)"
                            + " VALUES (?, ?, 'tanaka', 'acme', 'f.txt', 1, 'x', 'x', ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, flow);
                s.setString(3, state);
                s.setString(4, created);
                s.setString(5, created);
                s.setString(6, created);
                s.setString(7, reason);
                s.setString(8, published);
                return s.executeUpdate();
            }
        });
    }

    private static void approval(Database db, String item, String state, String requested) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO approval_requests (item, seq, kind, approvers, rules, sha256, findings, state,"
                            + " requested_at, escalate_at, expires_at) VALUES (?, 1, 'supervisor', '', '', 'x', '{}', ?, ?, ?, ?)")) {
                s.setString(1, item);
                s.setString(2, state);
                s.setString(3, requested);
                s.setString(4, requested);
                s.setString(5, requested);
                return s.executeUpdate();
            }
        });
    }

    private static PortalStatistics statistics(Database db) {
        Clock clock = Clock.systemUTC();
        Items items = new Items(db, new JdbcItemStore(), clock);
        Accounts accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        return new PortalStatistics(items, new Approvals(db, new JdbcApprovalStore(), items, accounts, clock));
    }
}
