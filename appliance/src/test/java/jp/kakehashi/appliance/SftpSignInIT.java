package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ISSUE 21's first finding, reversed: over SFTP a password alone no longer gets in, the second
 * factor applies as on the portal, and the portal's lock-out holds on SFTP and across a restart.
 * Real MINA clients against the real listeners; the appliance's clamd is absent (nothing is
 * scanned here).
 */
class SftpSignInIT {
    @TempDir
    Path tmp;

    @Test
    void aPasswordAloneIsRefusedAndAPasswordWithTheCodeGetsInOnce() throws Exception {
        Path data = tmp.resolve("data");
        try (Appliance appliance = start(data)) {
            int sftp = appliance.sftpPort(Zone.INTERNET);
            String secret = enrolOnThePortal(appliance, data, "acme-user");

            assertThatThrownBy(() -> passwordOnly(sftp, "acme-user", ApplianceHarness.PASSWORD))
                    .as("the password method is not offered")
                    .hasMessageContaining("No more authentication methods available");
            assertThatThrownBy(() -> ApplianceHarness.loginWithPasswordAndCode(
                                    sftp, "acme-user", ApplianceHarness.PASSWORD, "")
                            .close())
                    .as("keyboard-interactive without the code")
                    .isInstanceOf(Exception.class);

            String code = Authenticator.fresh(secret);
            try (var partner =
                    ApplianceHarness.loginWithPasswordAndCode(sftp, "acme-user", ApplianceHarness.PASSWORD, code)) {
                assertThat(partner.sftp().readDir("/").iterator().hasNext()).isTrue();
            }
            assertThatThrownBy(() -> ApplianceHarness.loginWithPasswordAndCode(
                                    sftp, "acme-user", ApplianceHarness.PASSWORD, code)
                            .close())
                    .as("the same code again")
                    .isInstanceOf(Exception.class);
        }
        List<JsonNode> sftpRecords = AuditLog.readRecords(data.resolve("audit")).stream()
                .filter(r -> r.path("data").path("protocol").asText().equals("sftp"))
                .toList();
        assertThat(sftpRecords.stream()
                        .map(r -> r.path("type").asText() + " "
                                + r.path("data").path("reason").asText())
                        .toList())
                .contains("AUTH_FAILURE SECOND_FACTOR", "AUTH_SUCCESS ");
    }

    @Test
    void aLockOutOnThePortalHoldsOnSftpAndAcrossARestart() throws Exception {
        Path data = tmp.resolve("data");
        String secret;
        try (Appliance appliance = start(data)) {
            secret = enrolOnThePortal(appliance, data, "acme-user");
            PortalClient guesser = new PortalClient(PortalClient.trusting(data), appliance.httpsPort(Zone.INTERNET));
            guesser.get("/login");
            for (int i = 0; i < 5; i++) {
                assertThat(guesser.post("/login", Map.of("name", "acme-user", "password", "guess number " + i))
                                .statusCode())
                        .isEqualTo(401);
            }
            HttpResponse<String> locked =
                    guesser.post("/login", Map.of("name", "acme-user", "password", ApplianceHarness.PASSWORD));
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.body()).contains("しばらくログインできません");
            assertThatThrownBy(() -> ApplianceHarness.loginWithPasswordAndCode(
                                    appliance.sftpPort(Zone.INTERNET),
                                    "acme-user",
                                    ApplianceHarness.PASSWORD,
                                    Authenticator.fresh(secret))
                            .close())
                    .as("the right password and code over SFTP while the portal has the account locked")
                    .isInstanceOf(Exception.class);
        }
        try (Appliance again = start(data)) {
            assertThatThrownBy(() -> ApplianceHarness.loginWithPasswordAndCode(
                                    again.sftpPort(Zone.INTERNET),
                                    "acme-user",
                                    ApplianceHarness.PASSWORD,
                                    Authenticator.fresh(secret))
                            .close())
                    .as("still locked after a restart")
                    .isInstanceOf(Exception.class);
        }
        assertThat(AuditLog.readRecords(data.resolve("audit")).stream()
                        .filter(r -> r.path("type").asText().equals("AUTH_FAILURE"))
                        .map(r -> r.path("data").path("protocol").asText() + " "
                                + r.path("data").path("reason").asText())
                        .toList())
                .contains("https LOCKED", "sftp LOCKED");
    }

    @Test
    void keyLoginsAreAuditedWithTheirFingerprintAndAPartnerKeyIsRefusedOnLgwan() throws Exception {
        Path data = tmp.resolve("data");
        KeyPair stranger = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        try (Appliance appliance = start(data)) {
            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                assertThat(partner.session().isAuthenticated()).isTrue();
                String folder =
                        "/" + partner.sftp().readDir("/").iterator().next().getFilename();
                assertThatThrownBy(() -> partner.sftp().setStat(folder, new SftpClient.Attributes().perms(0777)))
                        .as("chmod is refused, not silently ignored")
                        .isInstanceOf(SftpException.class)
                        .hasMessageContaining("PERMISSIONS_FIXED");
            }
            assertThatThrownBy(() -> ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "acme-user")
                            .close())
                    .isInstanceOf(Exception.class);
            assertThatThrownBy(() -> withKey(appliance.sftpPort(Zone.INTERNET), "acme-user", stranger))
                    .isInstanceOf(Exception.class);
        }
        String ours = KeyUtils.getFingerPrint(ApplianceHarness.KEY.getPublic());
        List<JsonNode> records = AuditLog.readRecords(data.resolve("audit"));
        assertThat(records.stream()
                        .filter(r -> r.path("data").path("method").asText().equals("publickey"))
                        .map(r -> r.path("type").asText() + " " + r.path("zone").asText() + " "
                                + r.path("data").path("key").asText() + " "
                                + r.path("data").path("reason").asText())
                        .toList())
                .contains(
                        "AUTH_SUCCESS internet " + ours + " ",
                        "AUTH_FAILURE lgwan " + ours + " KEY",
                        "AUTH_FAILURE internet " + KeyUtils.getFingerPrint(stranger.getPublic()) + " KEY");
        assertThat(records.stream()
                        .filter(r -> r.path("type").asText().equals("SFTP_REFUSED"))
                        .map(r -> r.path("actor").asText() + " "
                                + r.path("data").path("command").asText() + " "
                                + r.path("data").path("message").asText())
                        .toList())
                .as("the refused chmod is evidence")
                .anyMatch(s -> s.startsWith("acme-user SSH_FXP_SETSTAT PERMISSIONS_FIXED"));
        assertThat(records.stream()
                        .filter(r -> r.path("type").asText().equals("AUTH_SUCCESS"))
                        .count())
                .as("one success per session, though MINA asks about the key twice")
                .isEqualTo(1);
    }

    @Test
    void anOpenSessionEndsWhenItsAccountIsDisabled() throws Exception {
        Path data = tmp.resolve("data");
        try (Appliance appliance = start(data);
                var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            assertThat(partner.sftp().readDir("/").iterator().hasNext()).isTrue();

            appliance.accounts().setDisabled("acme-user", true, "admin");

            assertThatThrownBy(() -> partner.sftp().readDir("/").iterator().hasNext())
                    .as("the session signed in before the account was disabled goes no further")
                    .hasMessageContaining("SSH_FX_PERMISSION_DENIED")
                    .hasMessageContaining("アカウントが無効になったか変更されたため、接続を終了しました");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partner.session().isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(partner.session().isOpen()).as("and is ended").isFalse();
        }
        assertThat(AuditLog.readRecords(data.resolve("audit")).stream()
                        .filter(r -> r.path("type").asText().equals("SFTP_REFUSED"))
                        .map(r -> r.path("actor").asText() + " "
                                + r.path("data").path("message").asText())
                        .toList())
                .as("the refusal is evidence, with its reason")
                .anyMatch(s -> s.startsWith("acme-user ") && s.contains("アカウントが無効になったか変更されたため"));
    }

    @Test
    void aRoleConfiguredForKeysOnlyRefusesAPasswordWithAValidCode() throws Exception {
        Path data = tmp.resolve("data");
        var methods = new java.util.EnumMap<Role, jp.kakehashi.appliance.identity.SignInPolicy.SftpMethods>(Role.class);
        for (Role r : Role.values()) {
            methods.put(r, jp.kakehashi.appliance.identity.SignInPolicy.SftpMethods.KEY_OR_PASSWORD_AND_CODE);
        }
        methods.put(Role.PARTNER, jp.kakehashi.appliance.identity.SignInPolicy.SftpMethods.KEY);
        var policy = new jp.kakehashi.appliance.identity.SignInPolicy(
                jp.kakehashi.appliance.identity.SignInGuard.Limits.DEFAULTS, true, methods, java.util.List.of());
        try (Appliance appliance = Appliance.start(
                ApplianceHarness.config(data, "unix:" + tmp.resolve("no-clamd.sock"), 1)
                        .withSignIn(policy),
                java.time.Clock.systemUTC(),
                new java.security.SecureRandom(),
                StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            String secret = enrolOnThePortal(appliance, data, "acme-user");
            assertThatThrownBy(() -> ApplianceHarness.loginWithPasswordAndCode(
                                    appliance.sftpPort(Zone.INTERNET),
                                    "acme-user",
                                    ApplianceHarness.PASSWORD,
                                    Authenticator.fresh(secret))
                            .close())
                    .isInstanceOf(Exception.class);
            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                assertThat(partner.session().isAuthenticated())
                        .as("the key still works")
                        .isTrue();
            }
        }
        assertThat(AuditLog.readRecords(data.resolve("audit")).stream()
                        .map(r -> r.path("type").asText() + " "
                                + r.path("data").path("reason").asText())
                        .toList())
                .contains("AUTH_FAILURE METHOD");
    }

    private Appliance start(Path data) {
        Appliance appliance = ApplianceHarness.start(data, "unix:" + tmp.resolve("no-clamd.sock"), StageHook.NONE);
        if (appliance.accounts().find("acme-user").isEmpty()) {
            ApplianceHarness.addAccounts(appliance);
        }
        return appliance;
    }

    /** Signs in once on the portal, which enrols the authenticator; returns its secret. */
    private static String enrolOnThePortal(Appliance appliance, Path data, String name) throws Exception {
        HttpClient http = PortalClient.trusting(data);
        Zone zone = appliance.accounts().find(name).orElseThrow().zone();
        new PortalClient(http, appliance.httpsPort(zone)).signIn(name);
        return PortalClient.SECRETS.get(name);
    }

    private static void passwordOnly(int port, String user, String password) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", port)
                    .verify(Duration.ofSeconds(10))
                    .getSession()) {
                session.setUserAuthFactoriesNames("password");
                session.addPasswordIdentity(password);
                session.auth().verify(Duration.ofSeconds(10));
            }
        }
    }

    private static void withKey(int port, String user, KeyPair key) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", port)
                    .verify(Duration.ofSeconds(10))
                    .getSession()) {
                session.addPublicKeyIdentity(key);
                session.auth().verify(Duration.ofSeconds(10));
            }
        }
    }
}
