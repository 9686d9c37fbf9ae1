package jp.kakehashi.appliance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/** One-time password links: stored only as a hash, used once, voided by a newer one, expiring, checked by the rules. */
class PasswordLinksTest {
    private static final char[] GOOD = "ふじさんにのぼる朝は早い".toCharArray();

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T01:00:00Z"));
    Database db;
    Accounts accounts;
    PasswordLinks links;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        links = new PasswordLinks(db, new JdbcIdentityStore(), accounts, new SecureRandom(), clock);
        accounts.createInvited(new Account("acme-sato", Role.PARTNER, "acme", List.of(), false), "kanri");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anInvitationSetsThePasswordOnceAndIsStoredOnlyAsAHash() {
        assertThat(accounts.checkPassword("acme-sato", GOOD, Zone.INTERNET).accepted())
                .as("no password yet")
                .isEmpty();
        PasswordLinks.Issued link = links.issue("acme-sato", PasswordLinks.Purpose.INVITE, "kanri");
        assertThat(link.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(link.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(column("token_sha256")).doesNotContain(link.token()).allMatch(h -> h.matches("[0-9a-f]{64}"));
        assertThat(links.account(link.token())).contains("acme-sato");
        assertThat(links.openUntil("acme-sato")).contains(link.expiresAt());

        assertThat(links.use(link.token(), GOOD)).isEqualTo(new PasswordLinks.Result.Set("acme-sato"));
        assertThat(accounts.checkPassword("acme-sato", GOOD, Zone.INTERNET).accepted())
                .isPresent();
        assertThat(links.use(link.token(), "another good phrase here".toCharArray()))
                .isInstanceOf(PasswordLinks.Result.Refused.class);
        assertThat(links.openUntil("acme-sato")).isEmpty();
        assertThat(outbox())
                .anyMatch(e -> e.contains("PASSWORD_LINK_ISSUED"))
                .anyMatch(e -> e.contains("PASSWORD_SET"));
        assertThat(outbox()).noneMatch(e -> e.contains(link.token()));
    }

    @Test
    void aNewerLinkVoidsTheOlderAndALinkExpires() {
        PasswordLinks.Issued first = links.issue("acme-sato", PasswordLinks.Purpose.INVITE, "kanri");
        PasswordLinks.Issued reset = links.issue("acme-sato", PasswordLinks.Purpose.RESET, "kanri");
        assertThat(links.account(first.token())).isEmpty();
        assertThat(reset.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        clock.advance(Duration.ofHours(24));
        assertThat(links.account(reset.token())).isEmpty();
        assertThat(links.use(reset.token(), GOOD))
                .isInstanceOfSatisfying(
                        PasswordLinks.Result.Refused.class,
                        r -> assertThat(r.refusal().code()).isEqualTo("LINK_INVALID"));
        assertThat(links.account("not-a-token")).isEmpty();
    }

    @Test
    void aWeakPasswordIsRefusedWithItsReasonAndTheLinkStaysOpen() {
        PasswordLinks.Issued link = links.issue("acme-sato", PasswordLinks.Purpose.INVITE, "kanri");
        assertThat(code(link, "short")).isEqualTo("TOO_SHORT");
        assertThat(code(link, "my-acme-sato-password")).isEqualTo("CONTAINS_NAME");
        assertThat(code(link, "aaaaaaaaaaaaaaaaaaaa")).isEqualTo("TOO_SIMPLE");
        assertThat(code(link, "x".repeat(1025))).isEqualTo("TOO_LONG");
        assertThat(links.account(link.token())).contains("acme-sato");
        assertThat(PasswordRules.check("十二文字の日本語のパスフレーズ".toCharArray(), "sato")).isEqualTo(Optional.empty());
    }

    private String code(PasswordLinks.Issued link, String password) {
        PasswordLinks.Result r = links.use(link.token(), password.toCharArray());
        assertThat(r).isInstanceOf(PasswordLinks.Result.Refused.class);
        return ((PasswordLinks.Result.Refused) r).refusal().code();
    }

    private List<String> column(String name) {
        return db.transaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + name + " FROM password_links")) {
                var rs = s.executeQuery();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    private List<String> outbox() {
        return QueuedAudit.events(db);
    }
}
