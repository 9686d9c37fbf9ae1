package jp.kakehashi.appliance.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.jdbc.JdbcQuarantineStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN §3 QUARANTINED ─► RELEASED: only an officer, only a stopped file, only with a reason, for 24 hours. */
class QuarantineTest {
    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T01:00:00Z"));
    Database db;
    Items items;
    Quarantine quarantine;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        Accounts accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        for (Account a : List.of(
                new Account("ito", Role.OFFICER, "joho", List.of(), false),
                new Account("kato", Role.OFFICER, "joho", List.of(), false),
                new Account("retired", Role.OFFICER, "joho", List.of(), true),
                new Account("tanaka", Role.STAFF, "somu", List.of(), false),
                new Account("admin", Role.ADMIN, "joho", List.of(), false))) {
            accounts.create(a, Optional.of("a long passphrase".toCharArray()), "test");
        }
        items = new Items(db, new JdbcItemStore(), clock);
        quarantine = new Quarantine(db, new JdbcQuarantineStore(), items, accounts, clock);
        item("0000000000000000000000a1", ItemState.QUARANTINED, "MALWARE");
        item("0000000000000000000000a2", ItemState.BLOCKED, "PERSONAL_NUMBER");
        item("0000000000000000000000a3", ItemState.PUBLISHED, "");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anOfficerTakesAStoppedOriginalOutWithAReasonForTwentyFourHours() {
        QuarantineRelease r = quarantine.release("0000000000000000000000a1", "ito", "  誤検知の確認  ");
        assertThat(r.reason()).isEqualTo("誤検知の確認");
        assertThat(r.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(quarantine.downloadable("0000000000000000000000a1", "ito")).contains(r);
        assertThat(quarantine.downloadable("0000000000000000000000a1", "kato"))
                .as("only the officer who took it out")
                .isEmpty();
        assertThat(items.find("0000000000000000000000a1").orElseThrow().state())
                .as("the file stays stopped")
                .isEqualTo(ItemState.QUARANTINED);
        assertThat(outbox()).anyMatch(e -> e.contains("QUARANTINE_RELEASED") && e.contains("誤検知の確認"));
        clock.advance(Duration.ofHours(24));
        assertThat(quarantine.downloadable("0000000000000000000000a1", "ito")).isEmpty();
        assertThat(quarantine.releases("0000000000000000000000a1")).containsExactly(r);
        assertThat(quarantine.stopped(10))
                .extracting(i -> i.id())
                .containsExactlyInAnyOrder("0000000000000000000000a1", "0000000000000000000000a2");
    }

    @Test
    void everyOtherReleaseIsRefusedWithItsReason() {
        assertRefused("0000000000000000000000a1", "tanaka", "見たい", QuarantineRefused.Reason.NOT_OFFICER);
        assertRefused("0000000000000000000000a1", "admin", "見たい", QuarantineRefused.Reason.NOT_OFFICER);
        assertRefused("0000000000000000000000a1", "retired", "見たい", QuarantineRefused.Reason.NOT_OFFICER);
        assertRefused("0000000000000000000000a1", "nobody", "見たい", QuarantineRefused.Reason.NOT_OFFICER);
        assertRefused("0000000000000000000000a3", "ito", "見たい", QuarantineRefused.Reason.NOT_STOPPED);
        assertRefused("0000000000000000000000ff", "ito", "見たい", QuarantineRefused.Reason.NO_SUCH_ITEM);
        assertRefused("0000000000000000000000a1", "ito", " \n", QuarantineRefused.Reason.REASON_REQUIRED);
        assertRefused("0000000000000000000000a1", "ito", "x".repeat(1001), QuarantineRefused.Reason.REASON_TOO_LONG);
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE items SET original_purged_at = ? WHERE id = ?")) {
                s.setString(1, clock.instant().toString());
                s.setString(2, "0000000000000000000000a2");
                return s.executeUpdate();
            }
        });
        assertRefused("0000000000000000000000a2", "ito", "見たい", QuarantineRefused.Reason.ORIGINAL_ERASED);
        assertThat(quarantine.releases("0000000000000000000000a1")).isEmpty();
        assertThat(outbox()).noneMatch(e -> e.contains("QUARANTINE_RELEASED"));
    }

    private void assertRefused(String item, String officer, String reason, QuarantineRefused.Reason expected) {
        assertThatThrownBy(() -> quarantine.release(item, officer, reason))
                .isInstanceOfSatisfying(
                        QuarantineRefused.class, e -> assertThat(e.reason()).isEqualTo(expected));
    }

    private void item(String id, ItemState state, String reason) {
        items.insertReceived(
                id,
                Flow.parse("internet->lgwan"),
                "acme-user",
                "acme",
                Optional.empty(),
                "請求書.exe",
                new StoredBlob(new BlobId("0".repeat(32)), 100, "d".repeat(64)));
        assertThat(items.advance(id, ItemState.RECEIVED, state, new StepFacts.Stopped(reason, "", "")))
                .isTrue();
    }

    private List<String> outbox() {
        return db.transaction(c -> {
            List<String> events = new java.util.ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT event FROM audit_outbox ORDER BY id")) {
                var rs = s.executeQuery();
                while (rs.next()) {
                    events.add(rs.getString(1));
                }
            }
            return events;
        });
    }
}
