package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ISSUE 21's second finding, reversed: one administrator on the portal can no longer become
 * another administrator, an officer or an approver (by resetting their password or authenticator,
 * or by inviting someone into an approver group), so the four eyes of policy changes and of
 * approvals stay two people. The console can still do it, handing the link to its holder.
 */
class SeparationOfPowersIT {
    @TempDir
    Path tmp;

    @Test
    void anAdministratorCannotTakeOverPrivilegedAccountsFromThePortal() throws Exception {
        Path data = tmp.resolve("data");
        try (Appliance appliance =
                ApplianceHarness.start(data, "unix:" + tmp.resolve("no-clamd.sock"), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "admin-ito", Role.ADMIN, "it");
            ApplianceHarness.addStaff(appliance, "admin-kato", Role.ADMIN, "it");
            ApplianceHarness.addStaff(appliance, "officer-mori", Role.OFFICER, "security-officers");
            ApplianceHarness.addStaff(appliance, "kacho-suzuki", Role.STAFF, "kacho");
            ApplianceHarness.addStaff(appliance, "mn-approver", Role.STAFF, "mynumber-approvers");
            HttpClient http = PortalClient.trusting(data);
            PortalClient admin = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            admin.signIn("admin-ito");

            for (String victim : java.util.List.of("admin-kato", "officer-mori", "kacho-suzuki", "mn-approver")) {
                HttpResponse<String> link = admin.post("/admin/users/" + victim + "/password", Map.of());
                assertThat(link.statusCode()).as("password link for " + victim).isEqualTo(400);
                assertThat(link.body()).as(victim).contains("装置のコンソールで再設定します").doesNotContain("/password/");
                HttpResponse<String> totp = admin.post("/admin/users/" + victim + "/totp", Map.of());
                assertThat(totp.statusCode())
                        .as("authenticator reset of " + victim)
                        .isEqualTo(409);
                assertThat(totp.body()).contains("kakehashi user reset");
            }
            HttpResponse<String> own = admin.post("/admin/users/admin-ito/totp", Map.of());
            assertThat(own.statusCode()).isEqualTo(409);
            assertThat(own.body()).contains("自分のアカウントの資格情報");

            HttpResponse<String> invite = admin.post(
                    "/admin/users",
                    Map.of(
                            "name",
                            "new-approver",
                            "role",
                            "staff",
                            "organisation",
                            "shimin",
                            "groups",
                            "mynumber-approvers"));
            assertThat(invite.statusCode()).isEqualTo(400);
            assertThat(invite.body()).contains("承認者となるグループ・組織への利用者の追加は、装置のコンソールで");
            assertThat(appliance.accounts().find("new-approver")).isEmpty();

            // An ordinary staff member's reset still works from the portal, and its link is shown.
            HttpResponse<String> ordinary = admin.post("/admin/users/tanaka/password", Map.of());
            assertThat(ordinary.statusCode()).isEqualTo(200);
            assertThat(ordinary.body()).contains("/password/");

            // The console resets an officer and prints the link for its holder.
            CliRunner.Run console = CliRunner.run(
                    "", "user", "reset", "officer-mori", "--password", "--totp", "--data-dir", data.toString());
            assertThat(console.exit()).as(console.err()).isZero();
            assertThat(console.out()).contains("officer-mori", "/password/", "authenticator reset");
        }
        assertThat(ApplianceHarness.auditTypes(data)).contains("PASSWORD_LINK_ISSUED", "CREDENTIALS_REVOKED");
    }
}
