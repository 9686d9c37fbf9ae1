package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25: need-to-know. A partner addresses its file to 税務課, the department the city linked
 * to it; 税務課's staff receive it on the portal, over SFTP and in search, with the names people
 * use, and a 子ども家庭課 clerk (or anyone of a department not addressed) does not, anywhere. Before,
 * every member of staff saw every partner's files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeedToKnowIT {
    @TempDir
    static Path tmp;

    Clamd clamd;
    Appliance appliance;
    Path data;

    @BeforeAll
    void start() throws Exception {
        clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
        data = tmp.resolve("data");
        appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE);
        ApplianceHarness.addAccounts(appliance);
        for (String[] staff : List.of(
                new String[] {"suzuki", "zeimu"}, new String[] {"sato-k", "zeimu"}, new String[] {"kato", "kodomo"})) {
            appliance
                    .accounts()
                    .create(
                            new Account(staff[0], Role.STAFF, staff[1], List.of(ApplianceHarness.KEY_LINE), false),
                            Optional.of(ApplianceHarness.PASSWORD.toCharArray()),
                            "test");
        }
        // The departments come from the console while the appliance runs, as an administrator sets them up.
        cli("department", "add", "zeimu", "--name", "税務課");
        cli("department", "add", "kodomo", "--name", "子ども家庭課");
        CliRunner.Run linked = cli("department", "link", "zeimu", "--partner", "acme");
        assertThat(linked.out()).contains("zeimu", "税務課", "partners: acme");
        cli("department", "partner-name", "acme", "--name", "株式会社アクメ");
        cli("user", "name", "acme-user", "佐藤 健");
        cli("user", "name", "suzuki", "鈴木 一郎");
    }

    @AfterAll
    void stop() throws Exception {
        appliance.close();
        clamd.close();
    }

    @Test
    void onlyTheAddressedDepartmentReceivesAPartnersFile() throws Exception {
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            assertThat(EndToEndIT.list(partner.sftp(), "/to-city"))
                    .as("acme is linked to 税務課 alone")
                    .containsExactly("zeimu");
            EndToEndIT.put(partner.sftp(), "/to-city/zeimu/納税通知.txt", ApplianceHarness.utf8("固定資産税の納税通知について"));
            assertThatThrownBy(() ->
                            EndToEndIT.put(partner.sftp(), "/to-city/kodomo/申請書.txt", ApplianceHarness.utf8("申請")))
                    .as("a department not linked to acme")
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> EndToEndIT.put(partner.sftp(), "/to-city/宛先なし.txt", ApplianceHarness.utf8("宛先なし")))
                    .as("linked to a department, acme names one")
                    .isInstanceOf(IOException.class);
        }
        TransferItem sent = ApplianceHarness.awaitItem(appliance, "納税通知.txt", ItemState.PUBLISHED);
        assertThat(sent.department()).contains("zeimu");
        assertThat(appliance.items().all()).extracting(TransferItem::name).doesNotContain("申請書.txt", "宛先なし.txt");

        // SFTP: 税務課 reads it under its partner; 子ども家庭課 lists the partner but not the file.
        try (var zeimu = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "suzuki")) {
            assertThat(EndToEndIT.list(zeimu.sftp(), "/from-partners/acme")).containsExactly("納税通知.txt");
        }
        for (String other : List.of("kato", "tanaka")) {
            try (var sftp = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), other)) {
                assertThat(EndToEndIT.list(sftp.sftp(), "/from-partners/acme"))
                        .as(other)
                        .isEmpty();
                assertThatThrownBy(() -> EndToEndIT.get(sftp.sftp(), "/from-partners/acme/納税通知.txt"))
                        .as(other + " reads it by its path")
                        .isInstanceOf(IOException.class);
            }
        }

        // Search: only 税務課 finds it.
        assertThat(cli("search", "納税", "--user", "suzuki").out()).contains("納税通知.txt");
        for (String other : List.of("kato", "tanaka")) {
            assertThat(cli("search", "納税", "--user", other).out()).as(other).doesNotContain("納税通知.txt");
        }

        // The portals: the names people read, and nothing of it for the other department.
        HttpClient http = PortalClient.trusting(data);
        PortalClient zeimu = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
        zeimu.signIn("suzuki");
        String inbox = zeimu.get("/inbox").body();
        assertThat(inbox).contains("納税通知.txt", "佐藤 健（株式会社アクメ）");
        String page = zeimu.get("/items/" + sent.id()).body();
        assertThat(page).contains("佐藤 健（株式会社アクメ）", "税務課");
        assertThat(zeimu.get("/search?q=" + java.net.URLEncoder.encode("納税", java.nio.charset.StandardCharsets.UTF_8))
                        .body())
                .contains("納税通知.txt");

        PortalClient kodomo = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
        kodomo.signIn("kato");
        assertThat(kodomo.get("/inbox").body()).doesNotContain("納税通知.txt");
        assertThat(kodomo.get("/items/" + sent.id()).statusCode()).isEqualTo(404);
        assertThat(kodomo.get("/search?q=" + java.net.URLEncoder.encode("納税", java.nio.charset.StandardCharsets.UTF_8))
                        .body())
                .doesNotContain("納税通知.txt");

        PortalClient acme = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
        acme.signIn("acme-user");
        String sendPage = acme.get("/send").body();
        assertThat(sendPage).contains("税務課").doesNotContain("子ども家庭課", "市役所（課を指定しない）");
        assertThat(sendPage).as("the header greets the person by 氏名").contains(">佐藤 健</a>");
        String sentPage = acme.get("/sent").body();
        assertThat(sentPage)
                .as("送り先 is the department, not the partner's own organisation")
                .contains("納税通知.txt", "税務課");
        assertThat(ApplianceHarness.auditTypes(data)).contains("DEPARTMENT_CHANGED");
    }

    /** A file for one person of 税務課: that person alone receives it, not a colleague of the same 課. */
    @Test
    void aFileForOnePersonReachesThatPersonAlone() throws Exception {
        HttpClient http = PortalClient.trusting(data);
        PortalClient acme = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
        acme.signIn("acme-user");
        assertThat(acme.get("/send").body()).contains("value=\"person:zeimu:suzuki\"", "鈴木 一郎（税務課）");
        String id = acme.upload("個別相談.txt", "person:zeimu:suzuki", ApplianceHarness.utf8("個別のご相談です"));
        assertThat(acme.awaitStage(id)).isEqualTo("DELIVERED");
        assertThat(acme.get("/sent").body()).contains("個別相談.txt", "鈴木 一郎（税務課）");

        PortalClient suzuki = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
        suzuki.signIn("suzuki");
        assertThat(suzuki.get("/inbox").body()).contains("個別相談.txt");
        PortalClient sato = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
        sato.signIn("sato-k");
        assertThat(sato.get("/inbox").body()).doesNotContain("個別相談.txt");
        assertThat(sato.get("/items/" + id).statusCode()).isEqualTo(404);
        try (var sftp = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "sato-k")) {
            assertThat(EndToEndIT.list(sftp.sftp(), "/from-partners/acme")).doesNotContain("個別相談.txt");
        }
    }

    /** ISSUE 25: over SFTP too, a partner addresses one person of a 課, by the folder with their 氏名. */
    @Test
    void overSftpAFileForOnePersonGoesInTheFolderWithTheirName() throws Exception {
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            assertThat(EndToEndIT.list(partner.sftp(), "/to-city/zeimu")).contains("鈴木 一郎", "sato-k");
            EndToEndIT.put(partner.sftp(), "/to-city/zeimu/鈴木 一郎/個別の書類.txt", ApplianceHarness.utf8("鈴木様への書類です"));
            assertThatThrownBy(() -> EndToEndIT.put(
                            partner.sftp(), "/to-city/zeimu/kato/宛先違い.txt", ApplianceHarness.utf8("別の課の人")))
                    .as("a person of a 課 the partner does not work with has no folder")
                    .isInstanceOf(java.io.IOException.class);
        }
        ApplianceHarness.awaitItem(appliance, "個別の書類.txt", jp.kakehashi.appliance.item.ItemState.PUBLISHED);
        try (var suzuki = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "suzuki");
                var sato = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "sato-k")) {
            assertThat(EndToEndIT.list(suzuki.sftp(), "/from-partners/acme")).contains("個別の書類.txt");
            assertThat(EndToEndIT.list(sato.sftp(), "/from-partners/acme")).doesNotContain("個別の書類.txt");
        }
        PortalClient acme = new PortalClient(PortalClient.trusting(data), appliance.httpsPort(Zone.INTERNET));
        acme.signIn("acme-user");
        assertThat(acme.get("/sent").body()).contains("個別の書類.txt", "鈴木 一郎（税務課）");
    }

    /** The same directory from the administrators' portal: named departments, refusals in words. */
    @Test
    void anAdministratorSetsUpDepartmentsOnThePortal() throws Exception {
        ApplianceHarness.addStaff(appliance, "admin-ito", Role.ADMIN, "it");
        PortalClient admin = new PortalClient(PortalClient.trusting(data), appliance.httpsPort(Zone.LGWAN));
        admin.signIn("admin-ito");

        admin.post("/admin/departments", java.util.Map.of("id", "somu", "name", "総務課"));
        var taken = admin.post("/admin/departments", java.util.Map.of("id", "zeimu", "name", "税務課"));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains("課「zeimu」は既に登録されています");
        admin.post("/admin/departments/somu/reception", java.util.Map.of());
        String page = admin.get("/admin/departments").body();
        assertThat(page).contains("総務課", "税務課", "子ども家庭課", "受付の課");
        assertThat(admin.get("/admin/users").body()).contains("税務課 <code>zeimu</code>");
        assertThat(cli("department", "list").out()).contains("somu\t総務課\t[受付 / reception]");
    }

    private CliRunner.Run cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = data.toString();
        CliRunner.Run run = CliRunner.run("", all);
        assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }
}
