package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderRole;
import jp.kakehashi.appliance.folders.FolderUploads;
import jp.kakehashi.appliance.folders.Folders;
import jp.kakehashi.appliance.folders.Member;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.net.Endpoint;
import jp.kakehashi.appliance.notify.MailSettings;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25: nobody was told anything. Now the addressed 課's staff get a mail when a partner's
 * file arrives for them, and the security officers when one is quarantined, through a real SMTP
 * server on loopback (GreenMail); the mail names the file, the sender and the recipient as people
 * read them and links to the portal, and never carries the file. Staff of another 課 get nothing.
 */
class MailNoticesIT {
    @TempDir
    Path tmp;

    GreenMail smtp;
    Clamd clamd;
    Appliance appliance;
    Path data;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
        data = tmp.resolve("data");
        MailSettings mail = new MailSettings(
                new Endpoint(InetAddress.getLoopbackAddress(), smtp.getSmtp().getPort()),
                "kakehashi@city.example.lg.jp",
                false);
        appliance = Appliance.start(
                ApplianceHarness.config(data, clamd.tcpAddress()).withMail(Optional.of(mail)),
                Clock.systemUTC(),
                new SecureRandom(),
                StageHook.NONE);
        ApplianceHarness.addAccounts(appliance);
        for (String[] a : List.of(
                new String[] {"suzuki", "zeimu", "staff"},
                new String[] {"kato", "kodomo", "staff"},
                new String[] {"officer-mori", "joho", "officer"})) {
            appliance
                    .accounts()
                    .create(
                            new Account(
                                    a[0],
                                    a[2].equals("staff") ? Role.STAFF : Role.OFFICER,
                                    a[1],
                                    List.of(ApplianceHarness.KEY_LINE),
                                    false),
                            Optional.of(ApplianceHarness.PASSWORD.toCharArray()),
                            "test");
            appliance
                    .accounts()
                    .setContact(
                            a[0],
                            new Contact(Optional.of(a[0] + "@city.example.lg.jp"), Contact.Frequency.IMMEDIATELY),
                            "test");
        }
        cli("department", "add", "zeimu", "--name", "税務課");
        cli("department", "add", "kodomo", "--name", "子ども家庭課");
        cli("department", "link", "zeimu", "--partner", "acme");
    }

    @AfterEach
    void stop() throws Exception {
        appliance.close();
        clamd.close();
        smtp.stop();
    }

    @Test
    void theAddressedDepartmentIsToldOfItsFileAndTheOfficersOfAQuarantine() throws Exception {
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            EndToEndIT.put(partner.sftp(), "/to-city/zeimu/納税通知.txt", ApplianceHarness.utf8("固定資産税の納税通知"));
            EndToEndIT.put(partner.sftp(), "/to-city/zeimu/eicar.txt", Clamd.eicar());
        }
        TransferItem file = ApplianceHarness.awaitItem(appliance, "納税通知.txt", ItemState.PUBLISHED);
        ApplianceHarness.awaitItem(appliance, "eicar.txt", ItemState.QUARANTINED);

        assertThat(smtp.waitForIncomingEmail(30_000, 2)).as("two notices").isTrue();
        MimeMessage[] all = smtp.getReceivedMessages();
        MimeMessage arrival = only(all, "suzuki@city.example.lg.jp");
        assertThat(arrival.getSubject()).isEqualTo("【架け橋】ファイルが届きました / A file has arrived: 納税通知.txt");
        assertThat(arrival.getFrom()[0].toString()).isEqualTo("kakehashi@city.example.lg.jp");
        String body = (String) arrival.getContent();
        assertThat(body)
                .contains("acme-user（acme） さんから 税務課 あてのファイルが届きました。")
                .contains("ファイル名: 納税通知.txt")
                .contains("https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN) + "/items/" + file.id())
                .doesNotContain("固定資産税の納税通知");
        assertThat(arrival.getContentType()).containsIgnoringCase("charset=UTF-8");

        MimeMessage quarantine = only(all, "officer-mori@city.example.lg.jp");
        assertThat(quarantine.getSubject()).startsWith("【架け橋】ファイルを隔離しました");
        assertThat((String) quarantine.getContent()).contains("eicar.txt", "MALWARE", "/quarantine/");
        assertThat(Arrays.stream(all).flatMap(m -> recipients(m).stream()))
                .as("子ども家庭課 is not told of 税務課's file")
                .doesNotContain("kato@city.example.lg.jp");
    }

    /** A new version in a shared folder is told to the folder's other members, not to its author. */
    @Test
    void aFoldersMembersAreToldOfANewVersion() throws Exception {
        appliance
                .accounts()
                .setContact(
                        "acme-user",
                        new Contact(Optional.of("sato@acme.example.co.jp"), Contact.Frequency.IMMEDIATELY),
                        "test");
        appliance
                .accounts()
                .setContact(
                        "tanaka",
                        new Contact(Optional.of("tanaka@city.example.lg.jp"), Contact.Frequency.IMMEDIATELY),
                        "test");
        cli("user", "name", "acme-user", "佐藤 健");
        Folders folders = appliance.folders();
        Folder f = folders.create("suzuki", "市道三号線 補修工事", "図面のやり取り", "zeimu");
        folders.setMember("suzuki", f.id(), Member.Kind.ORGANISATION, "acme", FolderRole.EDITOR, Optional.empty());
        folders.setMember("suzuki", f.id(), Member.Kind.USER, "tanaka", FolderRole.VIEWER, Optional.empty());
        // The contractor adds a version; once disarmed, the city's members are told.
        FileVersion v;
        try (FolderUploads.Pending p =
                appliance.folderUploads().begin("acme-user", f.id(), "工程表.txt", OptionalInt.empty())) {
            byte[] bytes = ApplianceHarness.utf8("第1週 測量");
            p.write(bytes, 0, bytes.length);
            v = p.commit();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
                && appliance.items().find(v.item()).orElseThrow().state() != ItemState.PUBLISHED) {
            Thread.sleep(100);
        }
        assertThat(smtp.waitForIncomingEmail(30_000, 2)).as("suzuki and tanaka").isTrue();
        MimeMessage[] all = smtp.getReceivedMessages();
        MimeMessage manager = only(all, "suzuki@city.example.lg.jp");
        assertThat(manager.getSubject()).isEqualTo("【架け橋】共有フォルダ「市道三号線 補修工事」に新しい版 / New version: 工程表.txt");
        assertThat((String) manager.getContent())
                .contains("佐藤 健 さんが共有フォルダ「市道三号線 補修工事」の「工程表.txt」に第1版を追加しました。")
                .as("staff open the folder on the LGWAN portal")
                .contains("https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN) + "/folders/" + f.id())
                .doesNotContain("測量");
        assertThat((String) only(all, "tanaka@city.example.lg.jp").getContent()).contains("第1版");
        Thread.sleep(6_000); // longer than the mail job's period: nothing more comes
        assertThat(Arrays.stream(smtp.getReceivedMessages()).flatMap(m -> recipients(m).stream()))
                .as("the author is not told of their own version")
                .doesNotContain("sato@acme.example.co.jp")
                .hasSize(2);
    }

    /** A person who turns notices off is not told; one without an address cannot be. */
    @Test
    void aPersonWhoTurnedNoticesOffIsNotTold() throws Exception {
        cli("user", "notices", "suzuki", "--off");
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            EndToEndIT.put(partner.sftp(), "/to-city/zeimu/見積書.txt", ApplianceHarness.utf8("見積"));
        }
        ApplianceHarness.awaitItem(appliance, "見積書.txt", ItemState.PUBLISHED);
        Thread.sleep(7_000); // longer than the mail job's period
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(ApplianceHarness.auditTypes(data)).contains("ACCOUNT_CONTACT_CHANGED");
    }

    /**
     * A staff reply goes through approval: the 課長 is asked by mail, the sender is told of the
     * decision with its comment, and the partner that the file was delivered to it.
     */
    @Test
    void aReplyIsApprovedAndEveryoneConcernedIsTold() throws Exception {
        ApplianceHarness.addStaff(appliance, "kacho-yamada", Role.STAFF, "kacho");
        ApplianceHarness.enrolAuthenticator(data, "kacho-yamada");
        for (String person : List.of("kacho-yamada", "tanaka", "acme-user")) {
            appliance
                    .accounts()
                    .setContact(
                            person,
                            new Contact(Optional.of(person + "@example.lg.jp"), Contact.Frequency.IMMEDIATELY),
                            "test");
        }
        try (var tanaka = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
            EndToEndIT.put(tanaka.sftp(), "/to-partners/acme/回答書.txt", ApplianceHarness.utf8("ご質問への回答です。"));
        }
        TransferItem held = ApplianceHarness.awaitItem(appliance, "回答書.txt", ItemState.AWAITING_APPROVAL);
        assertThat(smtp.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage asked = only(smtp.getReceivedMessages(), "kacho-yamada@example.lg.jp");
        assertThat(asked.getSubject()).isEqualTo("【架け橋】承認の依頼 / Approval requested: 回答書.txt");
        long request = appliance.approvals().forItem(held.id()).get(0).id();
        assertThat((String) asked.getContent()).contains("/approvals/" + request, "tanaka（somu） さんが acme へ送る");

        ApplianceHarness.cliFor(
                "kacho-yamada",
                "approvals",
                "approve",
                String.valueOf(request),
                "--sha256",
                held.renditionSha256(),
                "--comment",
                "内容を確認しました",
                "--data-dir",
                data.toString());
        ApplianceHarness.awaitItem(appliance, "回答書.txt", ItemState.PUBLISHED);
        assertThat(smtp.waitForIncomingEmail(30_000, 3)).isTrue();
        MimeMessage decided = only(smtp.getReceivedMessages(), "tanaka@example.lg.jp");
        assertThat(decided.getSubject()).isEqualTo("【架け橋】承認されました / approved: 回答書.txt");
        assertThat((String) decided.getContent()).contains("コメント: 内容を確認しました", "ファイルは送り先に渡されます。");
        MimeMessage delivered = only(smtp.getReceivedMessages(), "acme-user@example.lg.jp");
        assertThat(delivered.getSubject()).isEqualTo("【架け橋】ファイルが届きました / A file has arrived: 回答書.txt");
        assertThat((String) delivered.getContent())
                .contains("https://127.0.0.1:" + appliance.httpsPort(Zone.INTERNET) + "/items/" + held.id());
    }

    /** The invitation reaches its holder by mail: the administrator hands nothing over. */
    @Test
    void anInvitationIsMailedToItsHolder() throws Exception {
        ApplianceHarness.addStaff(appliance, "admin-ito", Role.ADMIN, "it");
        PortalClient admin = new PortalClient(PortalClient.trusting(data), appliance.httpsPort(Zone.LGWAN));
        admin.signIn("admin-ito");
        var page = admin.post(
                "/admin/users",
                java.util.Map.of(
                        "name", "acme-kimura",
                        "role", "partner",
                        "organisation", "acme",
                        "display", "木村 さくら",
                        "email", "kimura@acme.example.jp"));
        assertThat(page.body()).contains("このリンクを kimura@acme.example.jp あてにメールで送りました。");

        assertThat(smtp.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage invitation = only(smtp.getReceivedMessages(), "kimura@acme.example.jp");
        assertThat(invitation.getSubject()).startsWith("【架け橋】アカウントへのご招待");
        String body = (String) invitation.getContent();
        assertThat(body)
                .startsWith("木村 さくら 様")
                .contains("アカウント「acme-kimura」")
                .containsPattern(
                        "https://127\\.0\\.0\\.1:" + appliance.httpsPort(Zone.INTERNET) + "/password/[A-Za-z0-9_-]+");
        assertThat(appliance.accounts().contact("acme-kimura").email()).contains("kimura@acme.example.jp");
    }

    private static MimeMessage only(MimeMessage[] all, String to) {
        List<MimeMessage> mine =
                Arrays.stream(all).filter(m -> recipients(m).contains(to)).toList();
        assertThat(mine).as("mails to " + to).hasSize(1);
        return mine.get(0);
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            return Arrays.stream(m.getAllRecipients()).map(Object::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private CliRunner.Run cli(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = data.toString();
        CliRunner.Run run = CliRunner.run("", all);
        assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }
}
