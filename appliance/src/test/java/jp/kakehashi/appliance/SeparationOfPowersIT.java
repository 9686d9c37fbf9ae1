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

    /**
     * Issue 24: the exchange's rules live in one place. Over SFTP, officers and administrators (LGWAN
     * accounts, but not staff) read every partner's files and sent files to partners as the city,
     * which the portals never let them do; now neither front end does: no exchange folders, no
     * partner's file by its path, no upload to a partner, and no hit in a search.
     */
    @Test
    void officersAndAdministratorsNeitherReadNorSendTheExchangesFiles() throws Exception {
        Path data = tmp.resolve("data");
        // The pipeline waits before its first step until the test ends: the test publishes the upload itself.
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        StageHook hold = new StageHook() {
            @Override
            public void starting(String itemId, jp.kakehashi.appliance.item.ItemState state) {
                try {
                    ended.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Appliance appliance = Appliance.start(
                ApplianceHarness.config(data, "tcp://127.0.0.1:9", 1),
                java.time.Clock.systemUTC(),
                new java.security.SecureRandom(),
                hold)) {
            try {
                ApplianceHarness.addAccounts(appliance);
                ApplianceHarness.addStaff(appliance, "admin-ito", Role.ADMIN, "it");
                ApplianceHarness.addStaff(appliance, "officer-mori", Role.OFFICER, "security-officers");
                try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                    EndToEndIT.put(partner.sftp(), "/to-city/見積書.txt", ApplianceHarness.utf8("見積 金額 120万円"));
                }
                String id = appliance.items().bySender("acme-user").get(0).id();
                ApplianceHarness.publishAsIs(appliance, id);
                appliance
                        .index()
                        .put(id, "見積書.txt", "見積 金額 120万円", Zone.LGWAN, "acme", "text/plain", java.time.Instant.now());
                CliRunner.Run found =
                        CliRunner.run("", "search", "見積", "--user", "tanaka", "--data-dir", data.toString());
                assertThat(found.out()).as("staff find it").contains("見積書.txt");

                try (var staff = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
                    assertThat(names(staff.sftp(), "/")).contains("from-partners", "to-partners", "to-mynumber");
                    assertThat(names(staff.sftp(), "/from-partners/acme")).containsExactly("見積書.txt");
                }
                for (String person : java.util.List.of("admin-ito", "officer-mori")) {
                    try (var sftp = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), person)) {
                        assertThat(names(sftp.sftp(), "/"))
                                .as(person)
                                .doesNotContain("from-partners", "to-partners", "to-mynumber")
                                .contains("receipts", "shared");
                        org.assertj.core.api.Assertions.assertThatThrownBy(
                                        () -> sftp.sftp().read("/from-partners/acme/見積書.txt"))
                                .as(person + " reads a partner's file by its path")
                                .isInstanceOf(java.io.IOException.class);
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EndToEndIT.put(
                                        sftp.sftp(), "/to-partners/acme/通知.txt", ApplianceHarness.utf8("通知")))
                                .as(person + " sends to a partner as the city")
                                .isInstanceOf(java.io.IOException.class);
                    }
                    CliRunner.Run search =
                            CliRunner.run("", "search", "見積", "--user", person, "--data-dir", data.toString());
                    assertThat(search.exit()).isZero();
                    assertThat(search.out()).as(person).doesNotContain("見積書.txt");
                }
                assertThat(appliance.items().bySender("admin-ito")).isEmpty();
                assertThat(appliance.items().bySender("officer-mori")).isEmpty();
            } finally {
                ended.countDown();
            }
        }
    }

    private static java.util.List<String> names(org.apache.sshd.sftp.client.SftpClient sftp, String path)
            throws java.io.IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (var e : sftp.readDir(path)) {
            if (!e.getFilename().startsWith(".")) {
                names.add(e.getFilename());
            }
        }
        return names;
    }
}
