package jp.kakehashi.appliance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Personal API tokens: only a hash stored, expiring, revocable by their owner only, audited. */
class PersonalTokensTest {
    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T01:00:00Z"));
    Database db;
    PersonalTokens tokens;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        Accounts accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        accounts.create(
                new Account("tanaka", Role.STAFF, "somu", List.of(), false),
                Optional.of("a long passphrase".toCharArray()),
                "test");
        accounts.create(
                new Account("suzuki", Role.STAFF, "somu", List.of(), false),
                Optional.of("a long passphrase".toCharArray()),
                "test");
        tokens = new PersonalTokens(db, new JdbcIdentityStore(), new SecureRandom(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aTokenActsForItsAccountUntilItExpiresAndOnlyItsHashIsKept() {
        PersonalTokens.Made made = tokens.make("tanaka", "会計システム", Duration.ofDays(30));
        assertThat(made.token()).matches("kk_[A-Za-z0-9_-]{43}");
        assertThat(tokens.account(made.token())).contains("tanaka");
        assertThat(strings("SELECT token_sha256 FROM api_tokens")).doesNotContain(made.token());
        assertThat(strings("SELECT event FROM audit_outbox"))
                .anyMatch(e -> e.contains("API_TOKEN_CREATED") && e.contains("会計システム"))
                .noneMatch(e -> e.contains(made.token()));
        assertThat(tokens.of("tanaka"))
                .singleElement()
                .satisfies(e -> assertThat(e.lastUsedAt()).isPresent());
        clock.advance(Duration.ofDays(30));
        assertThat(tokens.account(made.token())).isEmpty();
    }

    @Test
    void onlyItsOwnerRevokesATokenAndThenItIsDead() {
        PersonalTokens.Made made = tokens.make("tanaka", "script", Duration.ofDays(1));
        long id = made.entry().id();
        assertThat(tokens.revoke("suzuki", id, "suzuki")).isFalse();
        assertThat(tokens.account(made.token())).contains("tanaka");
        assertThat(tokens.revoke("tanaka", id, "tanaka")).isTrue();
        assertThat(tokens.revoke("tanaka", id, "tanaka")).as("once").isFalse();
        assertThat(tokens.account(made.token())).isEmpty();
        assertThat(tokens.of("tanaka").get(0).revoked()).isTrue();
    }

    @Test
    void malformedTokensAndBadLifetimesAreRefused() {
        assertThat(tokens.account("")).isEmpty();
        assertThat(tokens.account("kk_short")).isEmpty();
        assertThat(tokens.account("kk_" + "'".repeat(43))).isEmpty();
        assertThatThrownBy(() -> tokens.make("tanaka", "x", Duration.ofDays(366)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.make("tanaka", " ", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> strings(String sql) {
        return db.transaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                var rs = s.executeQuery();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
