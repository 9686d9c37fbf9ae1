package jp.kakehashi.appliance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.QueuedAudit;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.RefusalAudit;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.Sealer;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one sign-in policy every channel shares (ISSUE 21 §1, §3): lock-out and the TOTP replay
 * guard survive a restart, a lock on one channel holds on the others, a password alone is never
 * enough, and a change of credentials revokes what they issued.
 */
class SignInTest {
    static final String PASSWORD = "a long passphrase";
    static final String SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T01:00:00Z"));
    final SecureRandom random = new SecureRandom();
    Database db;
    Accounts accounts;
    SecondFactors factors;
    SignInGuard guard;
    AuditLog audit;
    SignIn signIn;

    @BeforeEach
    void open() {
        reopen();
        accounts.create(
                new Account("acme-sato", Role.PARTNER, "acme", List.of(), false),
                Optional.of(PASSWORD.toCharArray()),
                "test");
        accounts.create(
                new Account("tanaka", Role.STAFF, "somu", List.of(), false),
                Optional.of(PASSWORD.toCharArray()),
                "test");
        assertThat(factors.enrol("acme-sato", SECRET, code(0))).isTrue();
        clock.advance(Duration.ofSeconds(30));
    }

    /** Opens everything again on the same files, as a restart of the appliance does. */
    void reopen() {
        if (db != null) {
            audit.close();
            db.close();
        }
        db = Database.open(tmp.resolve("kakehashi.db"));
        accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(random), clock);
        MasterKey master = MasterKey.forData(db, tmp.resolve("master.key"), random);
        factors = new SecondFactors(db, new JdbcIdentityStore(), new Sealer(master, random), clock);
        guard = new SignInGuard(db, new JdbcIdentityStore(), SignInGuard.Limits.DEFAULTS, clock);
        audit = AuditLog.open(
                tmp.resolve("audit"),
                AuditKeys.loadOrGenerate(
                        tmp.resolve("audit.key"), tmp.resolve("audit").resolve("audit-public.key"), random),
                clock);
        signIn = new SignIn(
                accounts,
                factors,
                guard,
                SignInPolicy.defaults(),
                audit::append,
                new RefusalAudit(audit::append, clock, 10));
    }

    @AfterEach
    void close() {
        audit.close();
        db.close();
    }

    @Test
    void aNewPhoneReplacesTheAuthenticatorAndEndsEverySessionWhileTheOldCodesStopWorking() {
        String fresh = Totp.base32("abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII));
        long before = accounts.credentials("acme-sato");
        assertThat(factors.replace("acme-sato", fresh, "000000"))
                .as("a wrong code for the new one")
                .isFalse();
        assertThat(factors.replace("acme-sato", fresh, Totp.code(Totp.fromBase32(fresh), Totp.step(clock.instant()))))
                .isTrue();
        assertThat(accounts.credentials("acme-sato"))
                .as("sessions and tokens end")
                .isGreaterThan(before);
        clock.advance(Duration.ofSeconds(30));
        assertThat(factors.verify("acme-sato", code(0)))
                .as("the old phone's codes no longer count")
                .isFalse();
        assertThat(factors.verify("acme-sato", Totp.code(Totp.fromBase32(fresh), Totp.step(clock.instant()))))
                .isTrue();
    }

    /** The authenticator's code, {@code offset} steps from now. */
    String code(int offset) {
        return Totp.code(Totp.fromBase32(SECRET), Totp.step(clock.instant()) + offset);
    }

    SignIn.Outcome sftp(String name, String password, String code) {
        return signIn.passwordAndCode(name, password.toCharArray(), code, Zone.INTERNET, "192.0.2.7", "sftp");
    }

    @Test
    void totpFollowsRfc6238() {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        // RFC 6238 appendix B, SHA-1, T = 59 s and 1111111109 s (the last six of the eight digits).
        assertThat(Totp.code(secret, 59 / 30)).isEqualTo("287082");
        assertThat(Totp.code(secret, 1111111109L / 30)).isEqualTo("081804");
        assertThat(Totp.fromBase32(Totp.base32(secret))).isEqualTo(secret);
    }

    @Test
    void aPasswordAloneNeverSignsIn() {
        assertThat(sftp("acme-sato", PASSWORD, "")).isEqualTo(new SignIn.Outcome.Refused(SignIn.Reason.SECOND_FACTOR));
        assertThat(sftp("acme-sato", PASSWORD, "000000"))
                .isEqualTo(new SignIn.Outcome.Refused(SignIn.Reason.SECOND_FACTOR));
        // Staff need the code too by default; one who never enrolled cannot get in with a password.
        assertThat(signIn.passwordAndCode("tanaka", PASSWORD.toCharArray(), "", Zone.LGWAN, "192.0.2.8", "sftp"))
                .isEqualTo(new SignIn.Outcome.Refused(SignIn.Reason.SECOND_FACTOR));
        assertThat(sftp("acme-sato", PASSWORD, code(0))).isInstanceOf(SignIn.Outcome.SignedIn.class);
    }

    @Test
    void aCodeIsAcceptedOnceEvenAcrossARestart() {
        String now = code(0);
        assertThat(factors.verify("acme-sato", now)).isTrue();
        assertThat(factors.verify("acme-sato", now)).as("replayed").isFalse();
        assertThat(factors.verify("acme-sato", code(-1))).as("an older step").isFalse();
        reopen();
        assertThat(factors.verify("acme-sato", now))
                .as("replayed after a restart")
                .isFalse();
        assertThat(sftp("acme-sato", PASSWORD, now)).isEqualTo(new SignIn.Outcome.Refused(SignIn.Reason.SECOND_FACTOR));
    }

    @Test
    void fiveFailuresLockTheAccountOnEveryChannelAndARestartUnlocksNothing() {
        for (int i = 0; i < 5; i++) {
            assertThat(sftp("acme-sato", "guess " + i, ""))
                    .isEqualTo(new SignIn.Outcome.Refused(SignIn.Reason.PASSWORD));
        }
        // What the portal asks before a password: the same rows answer.
        assertThat(guard.gate("acme-sato", Zone.INTERNET, "198.51.100.1")).isEqualTo(SignInGuard.Gate.ACCOUNT_LOCKED);
        reopen();
        assertThat(sftp("acme-sato", PASSWORD, code(0)))
                .as("the right password and code, after a restart, while locked")
                .isEqualTo(new SignIn.Outcome.Refused(SignIn.Reason.LOCKED));
        assertThat(guard.gate("acme-sato", Zone.LGWAN, "198.51.100.1"))
                .as("guesses on the internet listener do not lock the name on LGWAN")
                .isEqualTo(SignInGuard.Gate.OPEN);
        clock.advance(Duration.ofMinutes(16));
        assertThat(sftp("acme-sato", PASSWORD, code(0))).isInstanceOf(SignIn.Outcome.SignedIn.class);
    }

    @Test
    void wrongCodesCountLikeWrongPasswordsAndOneAddressIsThrottledAcrossAccounts() {
        for (int i = 0; i < 5; i++) {
            sftp("acme-sato", PASSWORD, "000000");
        }
        assertThat(guard.gate("acme-sato", Zone.INTERNET, "192.0.2.99")).isEqualTo(SignInGuard.Gate.ACCOUNT_LOCKED);
        for (int i = 0; i < 30; i++) {
            guard.failed("name-" + i, Zone.INTERNET, "203.0.113.5");
        }
        assertThat(guard.gate("someone", Zone.INTERNET, "203.0.113.5")).isEqualTo(SignInGuard.Gate.SOURCE_THROTTLED);
        assertThat(guard.gate("someone", Zone.INTERNET, "203.0.113.6")).isEqualTo(SignInGuard.Gate.OPEN);
        // A credential change (here the administrator's authenticator reset) lifts the lock.
        factors.reset("acme-sato", "admin-1");
        assertThat(guard.gate("acme-sato", Zone.INTERNET, "192.0.2.99")).isEqualTo(SignInGuard.Gate.OPEN);
    }

    @Test
    void anAdministratorSignsInOnlyFromTheManagementRangeOnEveryChannelButTheConsole() {
        accounts.create(
                new Account("joho-admin", Role.ADMIN, "johosystem", List.of(), false),
                Optional.of(PASSWORD.toCharArray()),
                "test");
        assertThat(factors.enrol("joho-admin", SECRET, code(0))).isTrue();
        clock.advance(Duration.ofSeconds(30));
        SignIn ranged = new SignIn(
                accounts,
                factors,
                guard,
                SignInPolicy.defaults()
                        .withManagementFrom(List.of(jp.kakehashi.appliance.net.Cidr.parse("10.20.99.0/28"))),
                audit::append,
                new RefusalAudit(audit::append, clock, 10));

        assertThat(ranged.passwordAndCode(
                        "joho-admin", PASSWORD.toCharArray(), "000000", Zone.LGWAN, "10.20.0.55", "sftp"))
                .as("the right password alone from outside: no hint that it was right")
                .isEqualTo(new SignIn.Outcome.Refused(SignIn.Reason.SECOND_FACTOR));
        assertThat(ranged.passwordAndCode(
                        "joho-admin", PASSWORD.toCharArray(), code(0), Zone.LGWAN, "10.20.0.55", "sftp"))
                .as("the right password and code from a clerk's desk")
                .isEqualTo(new SignIn.Outcome.Refused(SignIn.Reason.MANAGEMENT_RANGE));
        clock.advance(Duration.ofSeconds(30));
        assertThat(ranged.passwordAndCode(
                        "joho-admin", PASSWORD.toCharArray(), code(0), Zone.LGWAN, "10.20.99.3", "sftp"))
                .isInstanceOf(SignIn.Outcome.SignedIn.class);
        clock.advance(Duration.ofSeconds(30));
        assertThat(ranged.passwordAndCode("joho-admin", PASSWORD.toCharArray(), code(0), Zone.LGWAN, "console", "cli"))
                .as("the appliance's own console")
                .isInstanceOf(SignIn.Outcome.SignedIn.class);
        // Staff are not administrators: the range does not concern them.
        assertThat(SignInPolicy.defaults()
                        .withManagementFrom(List.of(jp.kakehashi.appliance.net.Cidr.parse("10.20.99.0/28")))
                        .admitsFrom(Role.STAFF, "10.20.0.55"))
                .isTrue();
        assertThat(ranged.policy().admitsFrom(Role.ADMIN, "[::1]")).isFalse();
        assertThat(ranged.policy().admitsFrom(Role.ADMIN, "not an address")).isFalse();
        audit.drain(db);
        assertThat(AuditLog.readRecords(tmp.resolve("audit")).stream()
                        .filter(r -> r.path("type").asText().equals("AUTH_FAILURE"))
                        .map(r -> r.path("actor").asText() + " "
                                + r.path("data").path("reason").asText() + " "
                                + r.path("data").path("from").asText())
                        .toList())
                .containsExactly("joho-admin SECOND_FACTOR 10.20.0.55", "joho-admin MANAGEMENT_RANGE 10.20.0.55");
    }

    @Test
    void everyAttemptIsAuditedWithItsChannelAndReason() {
        sftp("acme-sato", "wrong", "");
        sftp("acme-sato", PASSWORD, "000000");
        audit.drain(db);
        List<JsonNode> records = AuditLog.readRecords(tmp.resolve("audit"));
        assertThat(records.stream()
                        .filter(r -> r.path("type").asText().equals("AUTH_FAILURE"))
                        .map(r -> r.path("data").path("reason").asText() + " "
                                + r.path("data").path("protocol").asText())
                        .toList())
                .containsExactly("PASSWORD sftp", "SECOND_FACTOR sftp");
    }

    @Test
    void resettingTheAuthenticatorRevokesEveryTokenAndSessionOfTheAccount() {
        PersonalTokens tokens = new PersonalTokens(db, new JdbcIdentityStore(), random, clock);
        String token = tokens.make("acme-sato", "nightly", Duration.ofDays(30)).token();
        long before = accounts.credentials("acme-sato");
        assertThat(tokens.account(token)).contains("acme-sato");
        factors.reset("acme-sato", "admin-1");
        assertThat(tokens.account(token)).as("an old token after a TOTP reset").isEmpty();
        assertThat(accounts.credentials("acme-sato")).isGreaterThan(before);
        assertThat(QueuedAudit.types(db)).contains("ACCOUNT_TOTP_RESET", "CREDENTIALS_REVOKED");
    }

    @Test
    void aPasswordResetAGroupChangeAndDisablingRevokeToo() {
        PersonalTokens tokens = new PersonalTokens(db, new JdbcIdentityStore(), random, clock);
        PasswordLinks links = new PasswordLinks(db, new JdbcIdentityStore(), accounts, random, clock);
        String first = tokens.make("tanaka", "a", Duration.ofDays(30)).token();
        links.issue("tanaka", PasswordLinks.Purpose.RESET, "admin-1");
        assertThat(tokens.account(first)).as("after a password reset link").isEmpty();

        long generation = accounts.credentials("tanaka");
        String second = tokens.make("tanaka", "b", Duration.ofDays(30)).token();
        accounts.changeGroups("tanaka", Set.of("kacho"), Set.of(), "admin-1");
        assertThat(tokens.account(second)).as("after a group change").isEmpty();
        assertThat(accounts.credentials("tanaka")).isGreaterThan(generation);

        String third = tokens.make("tanaka", "c", Duration.ofDays(30)).token();
        accounts.setDisabled("tanaka", true, "admin-1");
        accounts.setDisabled("tanaka", false, "admin-1");
        assertThat(tokens.account(third)).as("after being disabled").isEmpty();
    }

    @Test
    void anEnrolmentWithAWrongCodeStoresNothing() {
        String other = Totp.newSecret(random);
        assertThat(factors.enrol("tanaka", other, "000000")).isFalse();
        assertThat(factors.enrolled("tanaka")).isFalse();
        assertThat(factors.enrol("tanaka", "not base32!", "000000")).isFalse();
        assertThat(factors.enrol("tanaka", other, Totp.code(Totp.fromBase32(other), Totp.step(clock.instant()))))
                .isTrue();
        assertThat(factors.enrolled("tanaka")).isTrue();
    }

    /** Issue 25: ten recovery codes, each standing in for one authenticator code once, on every channel. */
    @Test
    void aRecoveryCodeStandsInForTheAuthenticatorOnceAndOnlyItsOwn() {
        assertThat(factors.issueRecoveryCodes("tanaka"))
                .as("no authenticator, no codes")
                .isEmpty();
        java.util.List<String> codes = factors.issueRecoveryCodes("acme-sato");
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[A-Z2-9]{5}-[A-Z2-9]{5}"));
        assertThat(factors.recoveryCodesLeft("acme-sato")).isEqualTo(10);

        String typed = codes.get(3).toLowerCase(java.util.Locale.ROOT).replace("-", " ");
        assertThat(factors.verify("acme-sato", typed))
                .as("any case, a space for the dash")
                .isTrue();
        assertThat(factors.verify("acme-sato", codes.get(3))).as("once only").isFalse();
        assertThat(factors.recoveryCodesLeft("acme-sato")).isEqualTo(9);
        assertThat(factors.verify("acme-sato", "ABCDE-FGHJK")).isFalse();

        java.util.List<String> fresh = factors.issueRecoveryCodes("acme-sato");
        assertThat(factors.verify("acme-sato", codes.get(4)))
                .as("new codes void the old ones")
                .isFalse();
        assertThat(factors.verify("acme-sato", fresh.get(0))).isTrue();
        assertThat(jp.kakehashi.appliance.QueuedAudit.types(db))
                .contains("RECOVERY_CODES_ISSUED", "RECOVERY_CODE_USED");
    }

    /** Issue 25: every channel's completed sign-in lands in the person's own history, newest first, the latest 50 kept. */
    @Test
    void completedSignInsAreKeptForThePersonsOwnPage() {
        Account sato = accounts.find("acme-sato").orElseThrow();
        for (int i = 0; i < 52; i++) {
            signIn.signedIn(sato, Zone.INTERNET, "192.0.2." + i, "sftp", java.util.Map.of());
            clock.advance(Duration.ofMinutes(1));
        }
        List<IdentityStore.SignInRecord> recent = accounts.recentSignIns("acme-sato", 100);
        assertThat(recent).hasSize(50);
        assertThat(recent.get(0).source()).isEqualTo("192.0.2.51");
        assertThat(recent.get(0).channel()).isEqualTo("sftp");
        assertThat(recent.get(49).source()).isEqualTo("192.0.2.2");
    }
}
