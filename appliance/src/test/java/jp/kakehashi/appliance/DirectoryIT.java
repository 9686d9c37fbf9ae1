package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.directory.DirectorySettings;
import jp.kakehashi.appliance.directory.LdapDirectory;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.DirectorySource;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.identity.SignInGuard;
import jp.kakehashi.appliance.identity.SignInPolicy;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staff from the municipality's directory (ISSUE 25 §4), against a real OpenLDAP slapd started
 * here with a generated tree: sign-in over LDAPS with the directory's password, role, 課 and
 * policy group from group membership, 氏名 and mail address from the entry; a person the directory
 * locks or moves is cut off at the next request; a local account is never taken over; StartTLS
 * works and a certificate for another name or a plain connection is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryIT {
    private static final String SATO_PASSWORD = "sato-directory-pass-1";
    private static final String SUZUKI_PASSWORD = "suzuki-directory-pass-1";
    private static final String ITO_PASSWORD = "ito-directory-pass-1";

    @TempDir
    static Path tmp;

    private Clamd clamd;
    private Slapd slapd;
    private Appliance appliance;
    private Path data;

    @BeforeAll
    void start() throws Exception {
        clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
        slapd = Slapd.start(tmp.resolve("slapd"), List.of("127.0.0.1"));
        slapd.person("sato", SATO_PASSWORD, "佐藤 花子", "sato@city.example.lg.jp");
        slapd.person("suzuki", SUZUKI_PASSWORD, "鈴木 一郎", "suzuki@city.example.lg.jp");
        slapd.person("takahashi", "takahashi-pass-1", "高橋 三郎", "takahashi@city.example.lg.jp");
        slapd.person("ito", ITO_PASSWORD, "伊藤 五郎", "ito@city.example.lg.jp");
        slapd.person("yamada", "yamada-pass-1", "山田 四郎", "yamada@city.example.lg.jp");
        // The same name as the appliance's local staff account tanaka, with a password of its own.
        slapd.person("tanaka", "directory-tanaka-1", "偽 田中", "tanaka@evil.example");
        slapd.group("kakehashi-staff", "sato", "ito", "yamada");
        slapd.group("kakehashi-officers", "suzuki", "tanaka");
        slapd.group("zeimu", "sato", "ito");
        slapd.group("kodomo", "suzuki");
        slapd.group("kacho", "sato");
        data = tmp.resolve("data");
        appliance = Appliance.start(
                ApplianceHarness.config(data, clamd.tcpAddress())
                        .withDirectory(Optional.of(settings(slapd, true, "127.0.0.1")))
                        // Staff sign in again and again here; officers still enrol an authenticator.
                        .withSignIn(new SignInPolicy(
                                SignInGuard.Limits.DEFAULTS,
                                false,
                                SignInPolicy.defaults().sftp(),
                                List.of())),
                java.time.Clock.systemUTC(),
                new java.security.SecureRandom(),
                StageHook.NONE);
        ApplianceHarness.addAccounts(appliance);
        for (String[] d : List.of(new String[] {"zeimu", "税務課"}, new String[] {"kodomo", "子ども家庭課"})) {
            CliRunner.Run run =
                    CliRunner.run("", "department", "add", d[0], "--name", d[1], "--data-dir", data.toString());
            assertThat(run.exit()).as(run.err()).isZero();
        }
    }

    /** The directory over LDAPS (or StartTLS on the plain port), mapping the test's groups. */
    static DirectorySettings settings(Slapd slapd, boolean ldaps, String host) throws Exception {
        return settings(
                slapd,
                ldaps,
                List.of(new DirectorySettings.Server(host, ldaps ? slapd.ldapsPort() : slapd.ldapPort())));
    }

    /** The same, with the servers given: tried in their order. */
    static DirectorySettings settings(Slapd slapd, boolean ldaps, List<DirectorySettings.Server> servers)
            throws Exception {
        return new DirectorySettings(
                servers,
                ldaps,
                slapd.caFile(),
                Slapd.SERVICE_DN,
                slapd.servicePasswordFile(),
                Slapd.PEOPLE,
                "(&(objectClass=inetOrgPerson)(uid={0}))",
                "uid",
                "displayName",
                "mail",
                Optional.of(Slapd.GROUPS),
                "(member={dn})",
                List.of(
                        new DirectorySettings.GroupMapping(
                                Slapd.groupDn("kakehashi-staff"),
                                Optional.of(Role.STAFF),
                                Optional.empty(),
                                Optional.empty()),
                        new DirectorySettings.GroupMapping(
                                Slapd.groupDn("kakehashi-officers"),
                                Optional.of(Role.OFFICER),
                                Optional.empty(),
                                Optional.empty()),
                        new DirectorySettings.GroupMapping(
                                Slapd.groupDn("zeimu"), Optional.empty(), Optional.of("zeimu"), Optional.empty()),
                        new DirectorySettings.GroupMapping(
                                Slapd.groupDn("kodomo"), Optional.empty(), Optional.of("kodomo"), Optional.empty()),
                        new DirectorySettings.GroupMapping(
                                Slapd.groupDn("kacho"), Optional.empty(), Optional.empty(), Optional.of("kacho"))),
                Duration.ofSeconds(5));
    }

    @AfterAll
    void stop() throws Exception {
        appliance.close();
        slapd.close();
        clamd.close();
    }

    private PortalClient lgwan() throws Exception {
        return new PortalClient(PortalClient.trusting(data), appliance.httpsPort(Zone.LGWAN));
    }

    @Test
    @Order(1)
    void aDirectoryPersonSignsInAsTheRoleAndDepartmentTheirGroupsGive() throws Exception {
        PortalClient sato = lgwan();
        String landing = sato.signIn("sato", SATO_PASSWORD);
        assertThat(sato.get(landing).body())
                .as("greeted by the 氏名 the directory holds")
                .contains("佐藤 花子");
        Account account = appliance.accounts().find("sato").orElseThrow();
        assertThat(account.role()).isEqualTo(Role.STAFF);
        assertThat(account.organisation()).as("the 課 of the zeimu group").isEqualTo("zeimu");
        assertThat(appliance.accounts().groups("sato"))
                .as("the policy group of the kacho group")
                .containsExactly("kacho");
        assertThat(appliance.accounts().contact("sato").email()).contains("sato@city.example.lg.jp");
        assertThat(appliance.accounts().fromDirectory("sato")).isTrue();

        PortalClient suzuki = lgwan();
        suzuki.signIn("suzuki", SUZUKI_PASSWORD);
        assertThat(appliance.accounts().find("suzuki").orElseThrow().role())
                .as("the officers' group")
                .isEqualTo(Role.OFFICER);
        assertThat(awaitAudit("\"role\":\"officer\"")).contains(AuditType.DIRECTORY_SYNCED.name());
    }

    @Test
    @Order(2)
    void wrongEmptyAndUnmappedAreRefusedAndALocalAccountIsNeverTakenOver() throws Exception {
        assertThat(refusedSignIn("sato", "not-the-password")).contains("パスワードが正しくありません");
        assertThat(refusedSignIn("sato", ""))
                .as("an empty password is an anonymous bind, which LDAP accepts")
                .doesNotContain("佐藤 花子");
        assertThat(refusedSignIn("nobody", "whatever-1")).contains("パスワードが正しくありません");
        // Right password, but in no group that gives a role; staff in no 課.
        refusedSignIn("takahashi", "takahashi-pass-1");
        refusedSignIn("yamada", "yamada-pass-1");
        assertThat(appliance.accounts().find("takahashi")).isEmpty();
        assertThat(appliance.accounts().find("yamada")).isEmpty();
        awaitAudit("NO_ROLE");
        awaitAudit("NO_DEPARTMENT");

        // tanaka is a local staff account: the directory's tanaka (an officer there) cannot become it.
        refusedSignIn("tanaka", "directory-tanaka-1");
        Account local = appliance.accounts().find("tanaka").orElseThrow();
        assertThat(local.role()).isEqualTo(Role.STAFF);
        assertThat(appliance.accounts().fromDirectory("tanaka")).isFalse();
        assertThat(appliance.accounts().contact("tanaka")).isEqualTo(Contact.NONE);
        // ...and the local account still signs in with its own password.
        assertThat(lgwan().signIn("tanaka")).isNotEmpty();
    }

    @Test
    @Order(3)
    void aPersonTheDirectoryLocksIsCutOffAtTheNextRequest() throws Exception {
        PortalClient sato = lgwan();
        sato.signIn("sato", SATO_PASSWORD);
        assertThat(sato.get("/inbox").statusCode()).isEqualTo(200);
        String token = ApplianceHarness.apiToken(data, "sato");
        slapd.lock("sato");
        HttpResponse<String> next = sato.get("/inbox");
        assertThat(next.statusCode()).as("sent to sign in again").isEqualTo(303);
        assertThat(next.headers().firstValue("Location").orElseThrow()).startsWith("/login");
        assertThat(refusedSignIn("sato", SATO_PASSWORD))
                .contains("パスワードが正しくありません")
                .as("a directory that answers is not said to be down")
                .doesNotContain("庁内ディレクトリ");
        awaitAudit("DIRECTORY_DISABLED");
        assertThat(appliance.accounts().find("sato").orElseThrow().disabled())
                .as("the directory decides; nothing of ours is switched off")
                .isFalse();
        HttpResponse<String> api = PortalClient.trusting(data)
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN) + "/api/v1/me"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).as("the API token ends too").isEqualTo(401);

        slapd.unlock("sato");
        assertThat(lgwan().signIn("sato", SATO_PASSWORD))
                .as("unlocked in the directory, back in")
                .isNotEmpty();
    }

    @Test
    @Order(4)
    void aPersonMovedInTheDirectoryTakesTheNewDepartmentAndRoleAndTheOldSessionEnds() throws Exception {
        PortalClient ito = lgwan();
        ito.signIn("ito", ITO_PASSWORD);
        assertThat(appliance.accounts().find("ito").orElseThrow().organisation())
                .isEqualTo("zeimu");
        slapd.removeMember("zeimu", "ito");
        slapd.addMember("kodomo", "ito");
        HttpResponse<String> next = ito.get("/inbox");
        assertThat(next.statusCode()).as("moved to another 課: sign in again").isEqualTo(303);
        Account now = appliance.accounts().find("ito").orElseThrow();
        assertThat(now.role()).isEqualTo(Role.STAFF);
        assertThat(now.organisation()).isEqualTo("kodomo");
        ito = lgwan();
        ito.signIn("ito", ITO_PASSWORD);
        assertThat(ito.get("/inbox").body())
                .as("a 子ども家庭課 clerk's inbox, greeted by name")
                .contains("伊藤 五郎", "取引先からのファイル");

        slapd.addMember("kakehashi-officers", "ito");
        assertThat(ito.get("/inbox").statusCode())
                .as("made an officer: sign in again")
                .isEqualTo(303);
        assertThat(appliance.accounts().find("ito").orElseThrow().role()).isEqualTo(Role.OFFICER);
        awaitAudit("DIRECTORY_CHANGED");
    }

    @Test
    @Order(5)
    void aDirectoryPersonsPasswordIsChangedInTheDirectory() throws Exception {
        PortalClient sato = lgwan();
        sato.signIn("sato", SATO_PASSWORD);
        assertThat(sato.get("/account").body())
                .as("the account page says where the password is changed, and offers no form that cannot work")
                .contains("パスワードは庁内のディレクトリ（パソコンにログインするアカウント）のものです")
                .as("and names the 課 as staff know it, not its id")
                .contains("id=\"organisation\">税務課<")
                .doesNotContain("id=\"change-password\"");
        HttpResponse<String> r = sato.post(
                "/account/password",
                Map.of(
                        "current",
                        SATO_PASSWORD,
                        "password",
                        "a-new-long-password-1",
                        "confirm",
                        "a-new-long-password-1"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("ディレクトリ");
        assertThat(awaitAudit("\"reason\":\"DIRECTORY_PASSWORD\""))
                .as("a refused form is audited like every other refusal")
                .contains("ACCESS_REFUSED");
        CliRunner.Run reset = CliRunner.run("", "user", "reset", "sato", "--password", "--data-dir", data.toString());
        assertThat(reset.exit()).isNotZero();
        assertThat(reset.err()).contains("ディレクトリ");
    }

    @Test
    @Order(6)
    void startTlsWorksAndACertificateForAnotherNameIsRefused() throws Exception {
        try (LdapDirectory startTls = LdapDirectory.open(settings(slapd, false, "127.0.0.1"))) {
            assertThat(startTls.lookup("sato")).isInstanceOf(DirectorySource.Answer.Found.class);
            assertThat(startTls.signIn("sato", SATO_PASSWORD.toCharArray()))
                    .isInstanceOf(DirectorySource.Answer.Found.class);
            assertThat(startTls.signIn("sato", "wrong".toCharArray()))
                    .isEqualTo(new DirectorySource.Answer.Refused(DirectorySource.Refusal.PASSWORD));
        }
        try (Slapd other = Slapd.start(tmp.resolve("slapd-other"), List.of("directory.other.example"));
                LdapDirectory wrongName = LdapDirectory.open(settings(other, true, "127.0.0.1"))) {
            assertThat(wrongName.lookup("sato"))
                    .as("the certificate names another server")
                    .isInstanceOf(DirectorySource.Answer.Unavailable.class);
        }
    }

    /**
     * A municipality's Active Directory has several domain controllers: with the first one down,
     * the next answers, over LDAPS and over StartTLS, each checked against its own name.
     */
    @Test
    @Order(6)
    void whenTheFirstServerIsDownTheNextAnswers() throws Exception {
        int down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = s.getLocalPort();
        }
        for (boolean ldaps : List.of(true, false)) {
            List<DirectorySettings.Server> servers = List.of(
                    new DirectorySettings.Server("127.0.0.1", down),
                    new DirectorySettings.Server("127.0.0.1", ldaps ? slapd.ldapsPort() : slapd.ldapPort()));
            try (LdapDirectory two = LdapDirectory.open(settings(slapd, ldaps, servers))) {
                assertThat(two.signIn("sato", SATO_PASSWORD.toCharArray()))
                        .as(ldaps ? "ldaps" : "StartTLS")
                        .isInstanceOf(DirectorySource.Answer.Found.class);
                assertThat(two.lookup("ito")).isInstanceOf(DirectorySource.Answer.Found.class);
            }
        }
    }

    @Test
    @Order(7)
    void withTheDirectoryDownItsPeopleAreRefusedAndLocalAccountsStillSignIn() throws Exception {
        PortalClient sato = lgwan();
        sato.signIn("sato", SATO_PASSWORD);
        slapd.close();
        assertThat(sato.get("/inbox").statusCode())
                .as("nobody goes on on a silent directory's word")
                .isEqualTo(303);
        assertThat(refusedSignIn("sato", SATO_PASSWORD))
                .contains("パスワードが正しくありません")
                .as("and says why a directory person cannot get in now")
                .contains("庁内ディレクトリ（パソコンのアカウント）に今つながらないため");
        // Retrying through the outage is nobody's wrong password: never locked (429), audited as what it was.
        for (int i = 0; i <= SignInGuard.Limits.DEFAULTS.failuresBeforeLock(); i++) {
            assertThat(refusedSignIn("sato", SATO_PASSWORD)).contains("今つながらないため");
        }
        assertThat(awaitAudit("DIRECTORY_UNAVAILABLE")).contains("sato");
        assertThat(lgwan().signIn("tanaka")).isNotEmpty();
    }

    /** The audit trail once it holds {@code text} (records reach it within a second or two). */
    private String awaitAudit(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String trail = "";
        while (System.nanoTime() < deadline) {
            trail = ApplianceHarness.auditText(data);
            if (trail.contains(text)) {
                return trail;
            }
            Thread.sleep(100);
        }
        assertThat(trail).as("the audit trail").contains(text);
        return trail;
    }

    /** A sign-in the portal refuses; the page it answers with. */
    private String refusedSignIn(String name, String password) throws Exception {
        PortalClient c = lgwan();
        c.get("/login");
        HttpResponse<String> r = c.post("/login", Map.of("name", name, "password", password));
        assertThat(r.statusCode()).as(name + " is not let in").isEqualTo(401);
        return r.body();
    }
}
