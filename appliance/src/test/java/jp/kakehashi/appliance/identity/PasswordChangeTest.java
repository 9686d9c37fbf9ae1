package jp.kakehashi.appliance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.QueuedAudit;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A person changes their own password: only with the current one, by the rules, ending every session and token. */
class PasswordChangeTest {
    private static final char[] OLD = "ふじさんにのぼる朝は早い".toCharArray();
    private static final char[] NEW = "びわこのほとりで夕日を見る".toCharArray();

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T01:00:00Z"));
    Database db;
    Accounts accounts;
    PasswordChange change;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        change = new PasswordChange(db, new JdbcIdentityStore(), accounts, clock);
        accounts.create(new Account("tanaka", Role.STAFF, "somu", List.of(), false), Optional.of(OLD.clone()), "kanri");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theNewPasswordWorksTheOldOneNoLongerAndEverySessionEnds() {
        long before = accounts.credentials("tanaka");
        assertThat(change.change("tanaka", Zone.LGWAN, OLD.clone(), NEW.clone()))
                .isEmpty();
        assertThat(accounts.checkPassword("tanaka", NEW.clone(), Zone.LGWAN).accepted())
                .isPresent();
        assertThat(accounts.checkPassword("tanaka", OLD.clone(), Zone.LGWAN).accepted())
                .isEmpty();
        assertThat(accounts.credentials("tanaka"))
                .as("sessions and tokens issued before the change no longer count")
                .isGreaterThan(before);
        assertThat(outbox()).anyMatch(e -> e.contains("PASSWORD_SET") && e.contains("\"via\":\"self\""));
    }

    @Test
    void aWrongCurrentPasswordTheSamePasswordAndAWeakOneAreRefusedWithTheReason() {
        Optional<PasswordChange.Refusal> wrong =
                change.change("tanaka", Zone.LGWAN, "not the password".toCharArray(), NEW.clone());
        assertThat(wrong).hasValueSatisfying(r -> assertThat(r.wrongPassword()).isTrue());
        assertThat(change.change("tanaka", Zone.LGWAN, OLD.clone(), OLD.clone()))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("SAME_PASSWORD"));
        assertThat(change.change("tanaka", Zone.LGWAN, OLD.clone(), "short".toCharArray()))
                .hasValueSatisfying(r -> assertThat(r.ja()).contains("12"));
        assertThat(change.change("tanaka", Zone.INTERNET, OLD.clone(), NEW.clone()))
                .as("only on the account's own zone")
                .hasValueSatisfying(r -> assertThat(r.wrongPassword()).isTrue());
        assertThat(accounts.checkPassword("tanaka", OLD.clone(), Zone.LGWAN).accepted())
                .as("nothing changed")
                .isPresent();
        assertThat(outbox()).noneMatch(e -> e.contains("PASSWORD_SET"));
    }

    private List<String> outbox() {
        return QueuedAudit.events(db);
    }
}
