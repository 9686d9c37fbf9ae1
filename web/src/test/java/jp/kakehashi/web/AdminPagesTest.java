package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Administration: invitations and password links used on the right portal only, cutting access off at once, health. */
class AdminPagesTest {
    private static final Pattern LINK =
            Pattern.compile("id=\"link\">https://127\\.0\\.0\\.1(/password/[A-Za-z0-9_-]+)<");

    private LocalPortals portals;
    private Browser admin;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        portals.ports.add("kanri", Role.ADMIN, "joho");
        portals.ports.add("tanaka", Role.STAFF, "somu");
        admin = portals.browser(Zone.LGWAN);
        admin.signIn("kanri");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void anInvitedPartnerSetsAPasswordOnTheInternetPortalOnlyAndThenSignsIn() throws Exception {
        assertThat(admin.lastBody).contains("利用者管理", "tanaka");
        HttpTester.Response r = admin.post(
                "/admin/users",
                Map.of("name", "acme-sato", "role", "partner", "organisation", "acme", "groups", "eigyo, keiri"));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContent()).contains("招待リンクを発行しました", "このリンクが表示されるのは今回だけです");
        Matcher m = LINK.matcher(r.getContent());
        assertThat(m.find()).isTrue();
        String path = m.group(1);

        assertThat(portals.browser(Zone.LGWAN).get(path).getStatus())
                .as("a partner's link does nothing on the LGWAN portal")
                .isEqualTo(404);
        Browser partner = portals.browser(Zone.INTERNET);
        HttpTester.Response page = partner.get(path);
        assertThat(page.getContent()).contains("パスワードの設定", "acme-sato");
        assertThat(page.get("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(partner.post(path, Map.of("password", "ふじさんのぼる朝", "confirm", "ふじさんのぼる朝"))
                        .getContent())
                .contains("12 文字以上");
        assertThat(partner.post(path, Map.of("password", "correct horse battery x", "confirm", "other"))
                        .getContent())
                .contains("一致しません");
        HttpTester.Response set = partner.post(
                path, Map.of("password", "correct horse battery staple", "confirm", "correct horse battery staple"));
        assertThat(set.get("Location")).isEqualTo("/login?password-set");
        assertThat(partner.get(path).getStatus()).as("used up").isEqualTo(404);
        assertThat(partner.get("/login?password-set").getContent()).contains("パスワードを設定しました");
        assertThat(portals.ports.events).contains("password set acme-sato");
    }

    @Test
    void anAdministratorOutsideTheManagementRangeIsRefusedAtSignInAndOnEveryRequest() throws Exception {
        assertThat(admin.get("/admin/users").getStatus()).isEqualTo(200);
        // The appliance's management range no longer holds this desk (the test's connection).
        portals.ports.adminOnlyFrom = "10.20.99.3";
        HttpTester.Response page = admin.get("/admin/users");
        assertThat(page.getStatus()).as("a session carried to another desk").isEqualTo(403);
        assertThat(page.getContent()).contains("この画面は管理用の端末からのみ使えます").doesNotContain("tanaka");
        assertThat(portals.ports.events).contains("access-refused kanri lgwan GET /admin/users 403 MANAGEMENT_RANGE");

        Browser another = portals.browser(Zone.LGWAN);
        another.get("/login");
        HttpTester.Response password =
                another.post("/login", Map.of("name", "kanri", "password", "correct horse battery"));
        assertThat(password.get("Location"))
                .as("the password step gives nothing away: the code is asked as anywhere")
                .isEqualTo("/login/totp");
        portals.clock.advance(java.time.Duration.ofSeconds(30));
        another.get("/login/totp");
        HttpTester.Response r = another.post(
                "/login/totp", Map.of("code", Phone.code(portals.ports.secrets.get("kanri"), portals.clock)));
        assertThat(r.getStatus()).isEqualTo(403);
        assertThat(r.getContent()).contains("管理者アカウントは、管理用の端末（設定された管理用ネットワーク）からのみログインできます");
        assertThat(portals.ports.events).contains("refused kanri lgwan MANAGEMENT_RANGE");
        assertThat(another.get("/admin/users").get("Location"))
                .as("not signed in")
                .isEqualTo("/login");

        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        assertThat(staff.get("/inbox").getStatus())
                .as("staff are not administrators")
                .isEqualTo(200);
    }

    @Test
    void theHomePageListsThePagesOfTheRoleAndSendsNobodyToTheCommandLine() throws Exception {
        String home = admin.get("/home").getContent();
        assertThat(home)
                .contains("この役割で使える画面", "href=\"/admin/users\"", "href=\"/admin/policy\"")
                .doesNotContain("kakehashi originals", "コマンド");
    }

    @Test
    void disablingAnAccountEndsItsSessionsAtOnce() throws Exception {
        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        assertThat(staff.get("/inbox").getStatus()).isEqualTo(200);
        assertThat(admin.get("/admin/users/tanaka").getContent())
                .as("the button asks first, naming whom it disables")
                .contains("data-confirm=\"tanaka を無効にしますか？");
        HttpTester.Response r = admin.post("/admin/users/tanaka/disable", Map.of());
        assertThat(r.get("Location")).isEqualTo("/admin/users/tanaka?done=disabled");
        assertThat(admin.get(r.get("Location")).getContent()).contains("アカウントを無効にしました", "有効に戻す");
        assertThat(staff.get("/inbox").get("Location")).isEqualTo("/login");
        assertThat(admin.post("/admin/users/kanri/disable", Map.of()).getContent())
                .contains("自分のアカウントは無効にできません");
    }

    @Test
    void aPasswordLinkEndsTheSessionsAndAnAuthenticatorCanBeReset() throws Exception {
        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        HttpTester.Response r = admin.post("/admin/users/tanaka/password", Map.of());
        assertThat(r.getContent()).contains("パスワード再設定リンクを発行しました");
        assertThat(staff.get("/inbox").get("Location")).isEqualTo("/login");
        portals.ports.secrets.put("tanaka", "JBSWY3DPEHPK3PXP");
        assertThat(admin.post("/admin/users/tanaka/totp", Map.of()).get("Location"))
                .isEqualTo("/admin/users/tanaka?done=totp");
        assertThat(portals.ports.secrets).doesNotContainKey("tanaka");
        assertThat(admin.get("/admin/users/nobody").getStatus()).isEqualTo(404);
        assertThat(admin.post("/admin/users", Map.of("name", "x", "role", "root", "organisation", "y"))
                        .getContent())
                .contains("役割の指定が正しくありません");
    }

    @Test
    void theHealthPageSaysWhatIsWrongInPlainWords() throws Exception {
        String page = admin.get("/admin/health").getContent();
        assertThat(page).contains("応答なし", "届いたファイルはすべて保留され", "unix:/run/clamav/clamd.ctl", ">7<");
        assertThat(page).contains("最後のバックアップ", ">未設定<", "定期バックアップが設定されていません");
    }

    @Test
    void theHealthPageShowsTheLastBackupAndWarnsWhenItIsOld() throws Exception {
        java.time.Instant now = portals.ports.health().checkedAt();
        portals.ports.backup = new jp.kakehashi.web.port.BackupHealth(
                true,
                "/mnt/backup",
                Optional.of(now.minus(java.time.Duration.ofHours(3))),
                "20261206-020000",
                3L << 30,
                Optional.empty());
        String fresh = admin.get("/admin/health").getContent();
        assertThat(fresh).contains("/mnt/backup", "3.0 GB").doesNotContain("26 時間以上", "定期バックアップが設定されていません");

        portals.ports.backup = new jp.kakehashi.web.port.BackupHealth(
                true,
                "/mnt/backup",
                Optional.of(now.minus(java.time.Duration.ofHours(27))),
                "20261205-020000",
                3L << 30,
                Optional.of("cannot write the backup to /mnt/backup: No space left on device"));
        String old = admin.get("/admin/health").getContent();
        assertThat(old).contains("26 時間以上バックアップが取れていません", "前回のバックアップに失敗しました", "No space left on device");
    }

    /** Issue 25: departments are named and linked to their partners from the portal, each refusal with its reason. */
    @Test
    void anAdministratorAddsADepartmentLinksAPartnerAndNamesTheReception() throws Exception {
        portals.ports.add("acme-sato", Role.PARTNER, "acme");
        HttpTester.Response empty = admin.get("/admin/departments");
        assertThat(empty.getContent()).contains("課の管理", "課はまだ登録されていません");

        HttpTester.Response added = admin.post("/admin/departments", Map.of("id", "zeimu", "name", "税務課"));
        assertThat(added.get("Location")).isEqualTo("/admin/departments?done=added");
        HttpTester.Response bad = admin.post("/admin/departments", Map.of("id", "Zeimu!", "name", "税務課"));
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContent()).contains("課のIDか名前が正しくありません", "税務課");

        admin.post("/admin/departments/zeimu/partners", Map.of("organisation", "acme", "action", "link"));
        admin.post("/admin/departments/zeimu/reception", Map.of());
        HttpTester.Response page = admin.get("/admin/departments?done=linked");
        assertThat(page.getContent())
                .contains("取引先を関連付けました。", "税務課", "acme", "受付の課")
                .contains("data-confirm=\"acme との関連付けを外しますか？\"");
        assertThat(portals.ports.departments.get("zeimu").partners()).containsExactly("acme");
        assertThat(admin.post("/admin/departments/nothing/reception", Map.of()).getContent())
                .contains("課がありません");

        // The invitation offers the departments by name, and the list names each staff member's.
        portals.ports.add("suzuki", Role.STAFF, "zeimu");
        assertThat(admin.get("/admin/users").getContent())
                .contains("<option value=\"zeimu\">税務課</option>")
                .contains("税務課 <code>zeimu</code>");
        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        assertThat(staff.get("/admin/departments").getStatus()).isEqualTo(403);
    }

    /** Issue 25: people and partner organisations by the names they are known by, not their ids. */
    @Test
    void anAdministratorGivesPeopleAndPartnersTheirNames() throws Exception {
        portals.ports.add("acme-sato", Role.PARTNER, "acme");
        HttpTester.Response named = admin.post("/admin/organisations/acme/name", Map.of("name", "株式会社アクメ"));
        assertThat(named.get("Location")).isEqualTo("/admin/departments?done=named");
        assertThat(admin.get("/admin/departments?done=named").getContent())
                .contains("取引先の名前を保存しました。", "value=\"株式会社アクメ\"");
        assertThat(admin.post("/admin/organisations/acme/name", Map.of("name", " "))
                        .getStatus())
                .isEqualTo(400);

        HttpTester.Response invited = admin.post(
                "/admin/users",
                Map.of(
                        "name", "acme-kimura",
                        "role", "partner",
                        "organisation", "acme",
                        "display", "木村 さくら",
                        "email", "kimura@acme.example.jp"));
        assertThat(invited.getContent())
                .as("the holder gets the link by mail; it is still shown once")
                .contains("このリンクを kimura@acme.example.jp あてにメールで送りました。", "/password/");
        String users = admin.get("/admin/users").getContent();
        assertThat(users)
                .contains("木村 さくら</a> <code>acme-kimura</code>")
                .contains("株式会社アクメ <code>acme</code>")
                .contains("<option value=\"acme\">株式会社アクメ</option>");
    }
}
