package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sign-in, sessions, CSRF and the edge of the portals (DESIGN §7, ATTACKS WEB-01/05, AUTH-01/02). */
class PortalSecurityTest {
    private LocalPortals portals;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals(new PortalConfig(Duration.ofMinutes(30), Duration.ofHours(10), 1000));
        portals.ports.add("acme-sato", Role.PARTNER, "acme");
        portals.ports.add("tanaka", Role.STAFF, "somu");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void theSessionCookieIsHostOnlySecureHttpOnlyAndStrict() throws Exception {
        HttpTester.Response r = portals.browser(Zone.INTERNET).get("/login");
        assertThat(r.get("Set-Cookie"))
                .startsWith("__Host-kakehashi-internet=")
                .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Domain");
    }

    @Test
    void aPartnerMustEnrolAnAuthenticatorAndThenNeedsItsCode() throws Exception {
        Browser b = portals.browser(Zone.INTERNET);
        b.signIn("acme-sato");
        assertThat(portals.ports.secrets).containsKey("acme-sato");
        assertThat(b.lastBody).contains("ファイルを送る");
        Browser again = portals.browser(Zone.INTERNET);
        again.get("/login");
        HttpTester.Response r = again.post("/login", Map.of("name", "acme-sato", "password", "correct horse battery"));
        assertThat(r.get("Location")).isEqualTo("/login/totp");
        assertThat(again.get("/send").get("Location"))
                .as("no page before the code")
                .isEqualTo("/login");
        again.get("/login/totp");
        r = again.post("/login/totp", Map.of("code", "000000"));
        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(again.lastBody).contains("確認コードが正しくありません");
        assertThat(portals.ports.events).contains("refused acme-sato internet SECOND_FACTOR");
    }

    /**
     * ISSUE 25: staff who keep trying through a directory outage are not locked out when it ends:
     * an attempt the directory could not answer is audited but not counted as a wrong password.
     */
    @Test
    void aDirectoryOutageLocksNobodyOut() throws Exception {
        portals.ports.add("sato", Role.STAFF, "somu");
        portals.ports.inDirectory.add("sato");
        portals.ports.directoryDown = true;
        for (int i = 0; i < 8; i++) {
            Browser b = portals.browser(Zone.LGWAN);
            b.get("/login");
            HttpTester.Response r = b.post("/login", Map.of("name", "sato", "password", "correct horse battery"));
            assertThat(r.getStatus())
                    .as("attempt " + (i + 1) + " is refused, never locked")
                    .isEqualTo(401);
            assertThat(b.lastBody).contains("庁内ディレクトリ（パソコンのアカウント）に今つながらないため");
        }
        assertThat(portals.ports.events).contains("refused sato lgwan DIRECTORY_UNAVAILABLE");
        assertThat(portals.ports.events).noneMatch(e -> e.startsWith("failed sato"));
        portals.ports.directoryDown = false;
        portals.browser(Zone.LGWAN).signIn("sato");
    }

    /**
     * ISSUE 25: while the directory cannot be asked, a failed sign-in says so, the same for every
     * name typed (it tells nothing about the name), so staff do not take it for a wrong password.
     */
    @Test
    void aFailedSignInSaysWhenTheDirectoryCannotBeReached() throws Exception {
        portals.ports.directoryDown = true;
        Browser someone = portals.browser(Zone.LGWAN);
        someone.get("/login");
        HttpTester.Response known = someone.post("/login", Map.of("name", "acme-sato", "password", "wrong one"));
        Browser other = portals.browser(Zone.LGWAN);
        other.get("/login");
        HttpTester.Response unknown = other.post("/login", Map.of("name", "nobody-here", "password", "whatever"));
        assertThat(known.getContent()).contains("アカウント名またはパスワードが正しくありません", "庁内ディレクトリ（パソコンのアカウント）に今つながらないため");
        assertThat(withoutTokens(known.getContent()).replace("acme-sato", "NAME"))
                .isEqualTo(withoutTokens(unknown.getContent()).replace("nobody-here", "NAME"));
        portals.ports.directoryDown = false;
        Browser later = portals.browser(Zone.LGWAN);
        later.get("/login");
        assertThat(later.post("/login", Map.of("name", "acme-sato", "password", "wrong one"))
                        .getContent())
                .doesNotContain("庁内ディレクトリ");
    }

    @Test
    void signingInOnAnotherZoneLooksExactlyLikeAWrongPassword() throws Exception {
        Browser wrongZone = portals.browser(Zone.LGWAN);
        wrongZone.get("/login");
        HttpTester.Response a =
                wrongZone.post("/login", Map.of("name", "acme-sato", "password", "correct horse battery"));
        Browser wrongPassword = portals.browser(Zone.LGWAN);
        wrongPassword.get("/login");
        HttpTester.Response b = wrongPassword.post("/login", Map.of("name", "acme-sato", "password", "wrong one"));
        Browser unknown = portals.browser(Zone.LGWAN);
        unknown.get("/login");
        HttpTester.Response c = unknown.post("/login", Map.of("name", "acme-sato", "password", "whatever"));
        assertThat(a.getStatus())
                .isEqualTo(b.getStatus())
                .isEqualTo(c.getStatus())
                .isEqualTo(401);
        assertThat(withoutTokens(a.getContent())).isEqualTo(withoutTokens(b.getContent()));
        assertThat(a.getContent()).contains("アカウント名またはパスワードが正しくありません");
    }

    @Test
    void fiveWrongPasswordsLockAnAccountEvenForTheRightOneUntilTheLockEnds() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.get("/login");
        for (int i = 0; i < 5; i++) {
            assertThat(b.post("/login", Map.of("name", "tanaka", "password", "guess " + i))
                            .getStatus())
                    .isEqualTo(401);
        }
        HttpTester.Response locked = b.post("/login", Map.of("name", "tanaka", "password", "correct horse battery"));
        assertThat(locked.getStatus()).isEqualTo(429);
        assertThat(b.lastBody).contains("しばらくログインできません");
        assertThat(portals.ports.events).contains("refused tanaka lgwan LOCKED");
        // A name that does not exist locks the same way, so the lock does not tell which names exist.
        for (int i = 0; i < 5; i++) {
            b.post("/login", Map.of("name", "nobody", "password", "guess " + i));
        }
        assertThat(b.post("/login", Map.of("name", "nobody", "password", "x")).getStatus())
                .isEqualTo(429);
        portals.clock.advance(Duration.ofMinutes(16));
        assertThat(b.post("/login", Map.of("name", "tanaka", "password", "correct horse battery"))
                        .getStatus())
                .isEqualTo(303);
    }

    @Test
    void aLockBetweenThePasswordAndTheCodeEndsTheHalfSignedInSession() throws Exception {
        portals.browser(Zone.INTERNET).signIn("acme-sato");
        Browser b = portals.browser(Zone.INTERNET);
        b.get("/login");
        HttpTester.Response r = b.post("/login", Map.of("name", "acme-sato", "password", "correct horse battery"));
        assertThat(r.get("Location")).isEqualTo("/login/totp");
        Browser guesser = portals.browser(Zone.INTERNET);
        guesser.get("/login");
        for (int i = 0; i < 5; i++) {
            guesser.post("/login", Map.of("name", "acme-sato", "password", "guess " + i));
        }
        b.get("/login/totp");
        portals.clock.advance(Duration.ofSeconds(30));
        HttpTester.Response locked = b.post(
                "/login/totp", Map.of("code", Phone.code(portals.ports.secrets.get("acme-sato"), portals.clock)));
        assertThat(locked.getStatus())
                .as("the right code, after the account was locked")
                .isEqualTo(429);
        assertThat(b.lastBody).contains("しばらくログインできません");
        assertThat(b.get("/send").get("Location"))
                .as("the half-signed-in session is gone")
                .isEqualTo("/login");
        assertThat(portals.ports.events).contains("refused acme-sato internet LOCKED");
    }

    @Test
    void aStateChangeWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        Browser b = portals.browser(Zone.INTERNET);
        b.signIn("acme-sato");
        HttpTester.Response r = b.post("/logout", Map.of("csrf", "forged"));
        assertThat(r.getStatus()).isEqualTo(403);
        assertThat(b.lastBody).contains("有効期限が切れました");
        assertThat(b.get("/send").getStatus()).as("still signed in").isEqualTo(200);
        r = b.send("POST", "/upload", Map.of("X-File-Name", "a.txt", "X-Destination", "city"), "hello");
        assertThat(r.getStatus()).as("upload without the token").isEqualTo(403);
        assertThat(portals.ports.items).isEmpty();
        assertThat(portals.ports.events)
                .as("every refusal is audited")
                .contains("access-refused acme-sato internet POST /logout 403 CSRF")
                .contains("access-refused acme-sato internet POST /upload 403 CSRF");
        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        assertThat(staff.get("/admin/users").getStatus()).isEqualTo(403);
        assertThat(portals.ports.events).contains("access-refused tanaka lgwan GET /admin/users 403 ROLE");
    }

    @Test
    void sessionsEndAfterTheIdleTimeoutAndAtTheAbsoluteOne() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("tanaka");
        portals.clock.advance(Duration.ofMinutes(29));
        assertThat(b.get("/inbox").getStatus()).isEqualTo(200);
        portals.clock.advance(Duration.ofMinutes(31));
        assertThat(b.get("/inbox").get("Location")).isEqualTo("/login");
        Browser busy = portals.browser(Zone.LGWAN);
        busy.signIn("tanaka");
        for (int i = 0; i < 21; i++) {
            portals.clock.advance(Duration.ofMinutes(29));
            busy.get("/inbox");
        }
        assertThat(busy.get("/inbox").get("Location")).as("10 h after sign-in").isEqualTo("/login");
    }

    @Test
    void aSessionOfOneZoneIsNothingOnAnother() throws Exception {
        Browser staff = portals.browser(Zone.LGWAN);
        staff.signIn("tanaka");
        Browser stolen = portals.browser(Zone.INTERNET);
        stolen.cookie = staff.cookie;
        HttpTester.Response r =
                stolen.send("GET", "/sent", Map.of("Cookie", Cookies.name(Zone.INTERNET) + "=" + staff.cookie), "");
        assertThat(r.get("Location")).isEqualTo("/login");
    }

    @Test
    void aDisabledAccountLosesItsSessionAtItsNextRequest() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("tanaka");
        portals.ports.accounts.remove("tanaka");
        assertThat(b.get("/inbox").get("Location")).isEqualTo("/login");
        assertThat(portals.ports.events).contains("signed-out tanaka ACCOUNT_CHANGED");
    }

    @Test
    void aSessionSignedInUnderOlderCredentialsEndsAtItsNextRequest() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("tanaka");
        assertThat(b.get("/inbox").getStatus()).isEqualTo(200);
        // The appliance bumps the generation on a password, authenticator, group or role change.
        MemoryPorts.Entry e = portals.ports.accounts.get("tanaka");
        User u = e.user();
        portals.ports.accounts.put(
                "tanaka", new MemoryPorts.Entry(e.password(), new User(u.name(), u.role(), u.organisation(), 1, "")));
        assertThat(b.get("/inbox").get("Location")).isEqualTo("/login");
        assertThat(portals.ports.events).contains("signed-out tanaka ACCOUNT_CHANGED");
    }

    @Test
    void signOutEndsEverySessionOfAnAccount() throws Exception {
        Browser one = portals.browser(Zone.LGWAN);
        one.signIn("tanaka");
        assertThat(portals.portal.signOut("tanaka")).isEqualTo(1);
        assertThat(one.get("/inbox").get("Location")).isEqualTo("/login");
    }

    @Test
    void uploadsStreamUpToTheLimitAndAreRefusedBeyondIt() throws Exception {
        Browser b = portals.browser(Zone.INTERNET);
        b.signIn("acme-sato");
        Map<String, String> h = Map.of(
                "X-CSRF-Token", b.csrf, "X-File-Name", "%E8%A6%8B%E7%A9%8D%E6%9B%B8.txt", "X-Destination", "city");
        HttpTester.Response ok = b.send("POST", "/upload", h, "hello");
        assertThat(ok.getStatus()).isEqualTo(201);
        assertThat(ok.getContent()).contains("\"name\":\"見積書.txt\"", "\"stage\":\"RECEIVED\"", "\"ja\":\"受付\"");
        assertThat(portals.ports.contents.values())
                .containsExactly("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpTester.Response big = b.send("POST", "/upload", h, "x".repeat(2000));
        assertThat(big.getStatus()).isEqualTo(413);
        assertThat(big.getContent()).contains("TOO_LARGE", "ファイルが大きすぎます");
        HttpTester.Response badName = b.send(
                "POST",
                "/upload",
                Map.of("X-CSRF-Token", b.csrf, "X-File-Name", "%FF%FE", "X-Destination", "city"),
                "x");
        assertThat(badName.getStatus()).isEqualTo(400);
        HttpTester.Response elsewhere = b.send(
                "POST",
                "/upload",
                Map.of("X-CSRF-Token", b.csrf, "X-File-Name", "a.txt", "X-Destination", "partner:other"),
                "x");
        assertThat(elsewhere.getContent()).contains("DESTINATION_NOT_ALLOWED");
        assertThat(portals.ports.items).hasSize(1);
        b.get("/sent");
        assertThat(b.lastBody).contains("見積書.txt", "受付");
    }

    @Test
    void downloadsAreAttachmentsWithTheNameInBothForms() throws Exception {
        User partner = portals.ports.current("acme-sato").orElseThrow();
        portals.ports.items.add(portals.ports.item("0000000000000000000000bb", "報告書.pdf", partner, Stage.DELIVERED));
        portals.ports.contents.put(
                "0000000000000000000000bb", "%PDF-1.7".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("tanaka");
        HttpTester.Response r = b.get("/download/0000000000000000000000bb");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.get("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(r.get("Content-Disposition"))
                .isEqualTo("attachment; filename=\"___.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf");
        assertThat(r.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.getContent()).isEqualTo("%PDF-1.7");
        Browser partnerBrowser = portals.browser(Zone.INTERNET);
        partnerBrowser.signIn("acme-sato");
        assertThat(partnerBrowser.get("/download/0000000000000000000000bb").getStatus())
                .as("the sender is not a recipient")
                .isEqualTo(404);
        // The refusal is written once the answer is on its way: wait for it.
        awaitEvent("access-refused acme-sato internet GET /download/0000000000000000000000bb 404 NOT_FOUND");
        assertThat(partnerBrowser.get("/items/00000000000000000000dead").getStatus())
                .isEqualTo(404);
        awaitEvent("access-refused acme-sato internet GET /items/00000000000000000000dead 404 NOT_FOUND");
        int before = portals.ports.events.size();
        assertThat(partnerBrowser.get("/no-such-page").getStatus()).isEqualTo(404);
        Thread.sleep(200);
        assertThat(portals.ports.events)
                .as("a page that does not exist names no object: not an access refusal")
                .hasSize(before);
    }

    private void awaitEvent(String event) throws InterruptedException {
        for (int i = 0; i < 100 && !portals.ports.events.contains(event); i++) {
            Thread.sleep(20);
        }
        assertThat(portals.ports.events).as("audited with the object's id").contains(event);
    }

    @Test
    void pathsThatAreNotCanonicalNeverReachARoute() throws Exception {
        Browser b = portals.browser(Zone.LGWAN);
        b.signIn("tanaka");
        for (String path : List.of(
                "/inbox/../home",
                "/%2e%2e/inbox",
                "/inbox%2F..",
                "//inbox",
                "/inbox;jsessionid=1",
                "/inbox/..;/",
                "/%c0%ae%c0%ae/inbox",
                "/inbox%00",
                "/\\inbox",
                "/INBOX")) {
            HttpTester.Response r = b.get(path);
            assertThat(r.getStatus()).as(path).isIn(400, 404);
            SecurityHeadersAssert.on(r, path);
        }
    }

    @Test
    void injectionInEveryFieldIsShownAsTextNeverEvaluated() throws Exception {
        Browser b = portals.browser(Zone.INTERNET);
        b.get("/login");
        for (String evil : List.of("<script>alert(1)</script>", "${7*7}", "{{7*7}}", "' OR 1=1--", "\"><img src=x>")) {
            HttpTester.Response r = b.post("/login", Map.of("name", evil, "password", evil));
            assertThat(r.getStatus()).isEqualTo(401);
            // The random CSRF token may hold "49" by chance: only the page's own text is checked for it.
            String page = r.getContent().replace(b.csrf, "");
            assertThat(page).doesNotContain("<script>alert", "<img src=x>", "49");
            SecurityHeadersAssert.on(r, evil);
        }
    }

    @Test
    void aFailureInsideAnActionShowsAnIncidentNumberAndNothingInternal() throws Exception {
        Browser b = portals.browser(Zone.INTERNET);
        b.signIn("acme-sato");
        portals.ports.storeBroken = true;
        HttpTester.Response r = b.get("/sent");
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(r.getContent()).contains("システム管理者に次の番号").doesNotContain("fire", "secret-path");
        SecurityHeadersAssert.on(r, "500");
    }

    @Test
    void requestsJettyRefusesStillCarryTheHeadersAndNoDetails() throws Exception {
        HttpTester.Response r = portals.raw(
                Zone.INTERNET,
                "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.getContent()).doesNotContain("Transfer-Encoding", "Exception");
    }

    private static String withoutTokens(String html) {
        return html.replaceAll("content=\"[A-Za-z0-9_-]{43}\"", "").replaceAll("value=\"[A-Za-z0-9_-]{43}\"", "");
    }
}
