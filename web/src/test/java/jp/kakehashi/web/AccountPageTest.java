package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** アカウント: a person's own page, where they change their password without an administrator. */
class AccountPageTest {
    private LocalPortals portals;
    private Browser staff;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        portals.ports.add("tanaka", Role.STAFF, "somu");
        staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void everySignedInPersonHasAnAccountPageLinkedFromTheHeader() throws Exception {
        assertThat(staff.get("/inbox").getContent()).contains("<a href=\"/account\" id=\"account-link\"");
        HttpTester.Response page = staff.get("/account");
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContent())
                .contains("<h1>アカウント</h1>", "id=\"account\">tanaka<", "二要素認証", "登録済み", "パスワードを変更する")
                .contains("autocomplete=\"current-password\"");
        SecurityHeadersAssert.on(page, "/account");
    }

    /** ISSUE 25 §4: a person from the directory is told where their password is changed, not shown a form that cannot work. */
    @Test
    void aDirectoryPersonIsToldToChangeTheirPasswordOnTheirPc() throws Exception {
        portals.ports.inDirectory.add("tanaka");
        String page = staff.get("/account").getContent();
        assertThat(page)
                .contains("id=\"password-in-directory\"", "パスワードは庁内のディレクトリ", "Ctrl+Alt+Delete")
                .doesNotContain("id=\"change-password\"", "autocomplete=\"current-password\"");
    }

    @Test
    void thePasswordChangesWithTheCurrentOneAndThePersonSignsInAgain() throws Exception {
        HttpTester.Response r = staff.post(
                "/account/password",
                Map.of("current", "correct horse battery", "password", "びわこのほとりで夕日を見る", "confirm", "びわこのほとりで夕日を見る"));
        assertThat(r.get("Location")).isEqualTo("/login?password-changed");
        assertThat(portals.ports.events).contains("password changed tanaka");
        assertThat(staff.get("/inbox").get("Location"))
                .as("this session ended too")
                .isEqualTo("/login");
        assertThat(staff.get("/login?password-changed").getContent()).contains("パスワードを変更しました。新しいパスワードでログインしてください。");
    }

    @Test
    void aWrongCurrentPasswordOrAMismatchIsRefusedWithTheReasonAndAWrongOneCounts() throws Exception {
        HttpTester.Response wrong = staff.post(
                "/account/password",
                Map.of("current", "not the password", "password", "びわこのほとりで夕日を見る", "confirm", "びわこのほとりで夕日を見る"));
        assertThat(wrong.getStatus()).isEqualTo(400);
        assertThat(wrong.getContent()).contains("今のパスワードが違います。");
        assertThat(portals.ports.events).contains("failed tanaka lgwan");
        HttpTester.Response mismatch = staff.post(
                "/account/password",
                Map.of("current", "correct horse battery", "password", "びわこのほとりで夕日を見る", "confirm", "びわこのほとりで朝日を見る"));
        assertThat(mismatch.getStatus()).isEqualTo(400);
        assertThat(mismatch.getContent()).contains("確認のために入力したパスワードが一致しません。");
        assertThat(staff.get("/account").getStatus()).as("still signed in").isEqualTo(200);
    }

    @Test
    void aNewPhoneTakesOverTheSecondFactorWithACodeOfEachAndThePersonSignsInAgain() throws Exception {
        assertThat(staff.get("/account").getContent()).contains("href=\"/account/totp\"", "登録し直す");
        String page = staff.get("/account/totp").getContent();
        assertThat(page).contains("認証アプリの登録し直し", "src=\"/account/totp/qr.png\"", "今の認証アプリの6桁の確認コード");
        String secret = portals.ports.newTotpSecret();
        assertThat(page).contains(secret);
        assertThat(staff.get("/account/totp/qr.png").get("Content-Type")).isEqualTo("image/png");
        portals.clock.advance(java.time.Duration.ofSeconds(30));
        HttpTester.Response wrong =
                staff.post("/account/totp", Map.of("current", "000000", "code", Phone.code(secret, portals.clock)));
        assertThat(wrong.getStatus()).isEqualTo(400);
        assertThat(wrong.getContent()).contains("今の認証アプリの確認コードが正しくありません。");
        assertThat(portals.ports.events).contains("failed tanaka lgwan");
        HttpTester.Response moved = staff.post(
                "/account/totp",
                Map.of(
                        "current",
                        Phone.code(portals.ports.secrets.get("tanaka"), portals.clock),
                        "code",
                        Phone.code(secret, portals.clock)));
        assertThat(moved.get("Location")).isEqualTo("/login?totp-replaced");
        assertThat(portals.ports.events).contains("totp replaced tanaka");
        assertThat(portals.ports.secrets.get("tanaka")).isEqualTo(secret);
        assertThat(staff.get("/inbox").get("Location"))
                .as("this session ended too")
                .isEqualTo("/login");
    }

    /** Issue 25: a person chooses where their notices go, or none; a bad address is refused with the reason. */
    @Test
    void aPersonSetsTheirNoticeAddressOnTheAccountPage() throws Exception {
        assertThat(staff.get("/account").getContent()).contains("メールでのお知らせ", "ファイルそのものやパスワードはメールで送りません");
        assertThat(staff.get("/account").getContent())
                .as("the person's own recent sign-ins")
                .contains("最近のログイン", "ポータル (LGWAN接続系)", "<code>127.0.0.1</code>");

        org.eclipse.jetty.http.HttpTester.Response saved = staff.post(
                "/account/notices", java.util.Map.of("email", " tanaka@city.example.lg.jp ", "frequency", "daily"));
        assertThat(saved.get("Location")).isEqualTo("/account?done=notices");
        assertThat(staff.get("/account?done=notices").getContent())
                .contains("お知らせの設定を保存しました。", "value=\"tanaka@city.example.lg.jp\"");
        assertThat(portals.ports.events).contains("notices tanaka tanaka@city.example.lg.jp daily");

        org.eclipse.jetty.http.HttpTester.Response bad =
                staff.post("/account/notices", java.util.Map.of("email", "tanaka at city", "frequency", "daily"));
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContent()).contains("メールアドレスの形式が正しくありません");
        staff.post("/account/notices", java.util.Map.of("email", "tanaka@city.example.lg.jp", "frequency", "off"));
        assertThat(portals.ports.notices("tanaka").frequency()).isEqualTo("off");
        assertThat(staff.get("/account").getContent()).contains("value=\"off\" checked");
    }

    /** Issue 25: ten recovery codes, shown once, for the day the phone is lost. */
    @Test
    void aPersonWithAnAuthenticatorPrintsRecoveryCodes() throws Exception {
        assertThat(staff.get("/account").getContent()).contains("回復コード", "使える回復コード: 残り 0 個");
        org.eclipse.jetty.http.HttpTester.Response issued = staff.post("/account/recovery-codes", java.util.Map.of());
        assertThat(issued.getStatus()).isEqualTo(200);
        assertThat(issued.getContent())
                .contains("この回復コードが表示されるのは今回だけです", "<code>ABCDE-FGHJK</code>")
                .doesNotContain("data-confirm");
        assertThat(staff.get("/account").getContent())
                .contains("使える回復コード: 残り 10 個")
                .contains("data-confirm=\"新しい回復コードを発行しますか？");
    }
}
