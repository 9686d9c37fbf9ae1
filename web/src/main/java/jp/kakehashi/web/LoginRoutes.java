package jp.kakehashi.web;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.Accounts;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * Signing in and out: password, then the TOTP code (or, the first time, enrolling an
 * authenticator from a QR code), with throttling and lock-out. An account of another zone, an
 * unknown name and a wrong password all get the same answer after the same work.
 */
final class LoginRoutes {
    private final Ports ports;
    private final Sessions sessions;

    LoginRoutes(Ports ports, Sessions sessions) {
        this.ports = ports;
        this.sessions = sessions;
    }

    List<Route> routes() {
        EnumSet<Zone> all = EnumSet.allOf(Zone.class);
        EnumSet<Role> everyone = EnumSet.allOf(Role.class);
        return List.of(
                new Route("GET", "/", all, Route.Access.PUBLIC, Set.of(), this::root),
                new Route("GET", "/login", all, Route.Access.PUBLIC, Set.of(), this::loginPage),
                new Route("POST", "/login", all, Route.Access.PUBLIC, Set.of(), this::login),
                new Route("POST", "/lang", all, Route.Access.PUBLIC, Set.of(), this::language),
                new Route("GET", "/login/totp", all, Route.Access.SIGNING_IN, Set.of(), this::totpPage),
                new Route("POST", "/login/totp", all, Route.Access.SIGNING_IN, Set.of(), this::confirmTotp),
                new Route("GET", "/login/enrol", all, Route.Access.SIGNING_IN, Set.of(), this::enrolPage),
                new Route("GET", "/login/enrol/qr.png", all, Route.Access.SIGNING_IN, Set.of(), this::qr),
                new Route("POST", "/login/enrol", all, Route.Access.SIGNING_IN, Set.of(), this::enrol),
                new Route("POST", "/logout", all, Route.Access.SIGNED_IN, everyone, this::logout),
                new Route("GET", "/password/{token}", all, Route.Access.PUBLIC, Set.of(), this::passwordPage),
                new Route("POST", "/password/{token}", all, Route.Access.PUBLIC, Set.of(), this::setPassword));
    }

    private void root(Exchange x) {
        Session s = x.session();
        x.redirect(
                s.step() == Session.Step.SIGNED_IN
                        ? Navigation.home(s.signedIn().role())
                        : "/login");
    }

    private void loginPage(Exchange x) {
        Session s = x.session();
        if (s.step() == Session.Step.SIGNED_IN) {
            x.redirect(Navigation.home(s.signedIn().role()));
            return;
        }
        if (!sessions.keepFor(x)) {
            return;
        }
        String query = x.request().getHttpURI().getQuery();
        String note = "signed-out".equals(query)
                ? x.text().get("login.signedOut")
                : "password-set".equals(query)
                        ? x.text().get("password.set")
                        : "password-changed".equals(query)
                                ? x.text().get("account.changed")
                                : "totp-replaced".equals(query) ? x.text().get("account.totp.replaced") : "";
        x.html(200, Pages.login(x.view(), note, ""));
    }

    private void login(Exchange x) {
        String typed = x.field("name").strip();
        String name = typed.toLowerCase(Locale.ROOT);
        char[] password = x.field("password").toCharArray();
        String shown = typed.length() > 64 ? "" : typed;
        switch (ports.accounts().gate(name, x.zone(), x.source())) {
            case OPEN -> {}
            case ACCOUNT_LOCKED, SOURCE_THROTTLED -> {
                ports.audit().signInRefused(name, x.zone(), x.source(), "LOCKED");
                x.html(429, Pages.login(x.view(), x.text().get("login.locked"), shown));
                return;
            }
        }
        Accounts.PasswordCheck check = name.length() > 64 || password.length > 1024
                ? new Accounts.PasswordCheck.Rejected()
                : ports.accounts().checkPassword(name, password, x.zone());
        Arrays.fill(password, '\0');
        if (!(check instanceof Accounts.PasswordCheck.Accepted accepted)) {
            if (check instanceof Accounts.PasswordCheck.DirectoryUnreachable) {
                // Nobody guessed wrong: an outage must not lock staff out once the directory is back.
                ports.audit().signInRefused(name, x.zone(), x.source(), "DIRECTORY_UNAVAILABLE");
            } else {
                failed(x, name, "PASSWORD");
            }
            // The same words either way, so the page does not tell a local account from a directory one.
            String why = x.text().get("login.failed")
                    + (ports.accounts().directoryUnavailable() ? " " + x.text().get("login.directory-down") : "");
            x.html(401, Pages.login(x.view(), why, shown));
            return;
        }
        User u = accepted.user();
        if (ports.accounts().totpEnrolled(u.name())) {
            x.useSession(sessions.advance(x.session(), Session.Step.SECOND_FACTOR, u));
            x.redirect("/login/totp");
        } else if (ports.accounts().secondFactorRequired(u)) {
            x.useSession(sessions.advance(x.session(), Session.Step.ENROL, u));
            x.redirect("/login/enrol");
        } else {
            signedIn(x, u);
        }
    }

    private void totpPage(Exchange x) {
        if (x.session().step() == Session.Step.ENROL) {
            x.redirect("/login/enrol");
            return;
        }
        x.html(200, Pages.totp(x.view(), ""));
    }

    private void confirmTotp(Exchange x) {
        User u = x.session().signedIn();
        if (x.session().step() != Session.Step.SECOND_FACTOR) {
            x.redirect("/login/enrol");
            return;
        }
        if (lockedOut(x, u)) {
            return;
        }
        if (!ports.accounts().verifyTotp(u.name(), x.field("code"))) {
            failed(x, u.name(), "SECOND_FACTOR");
            x.html(401, Pages.totp(x.view(), x.text().get("totp.failed")));
            return;
        }
        signedIn(x, u);
    }

    /**
     * Between the password and the code the account may have been locked (guesses on another
     * channel): the half-signed-in session ends with the lock's page, audited. False if it is open.
     */
    private boolean lockedOut(Exchange x, User u) {
        if (ports.accounts().gate(u.name(), x.zone(), x.source()) == Accounts.Gate.OPEN) {
            return false;
        }
        ports.audit().signInRefused(u.name(), x.zone(), x.source(), "LOCKED");
        x.endSession();
        x.html(429, Pages.login(x.view(), x.text().get("login.locked"), ""));
        return true;
    }

    /** A wrong password or code: counted on every channel's lock-out, and audited with {@code why}. */
    private void failed(Exchange x, String name, String why) {
        ports.accounts().signInFailed(name, x.zone(), x.source());
        ports.audit().signInRefused(name, x.zone(), x.source(), why);
    }

    private void enrolPage(Exchange x) {
        if (x.session().step() != Session.Step.ENROL) {
            x.redirect("/login/totp");
            return;
        }
        x.html(200, Pages.enrol(x.view(), pendingSecret(x), ""));
    }

    private void qr(Exchange x) {
        if (x.session().step() != Session.Step.ENROL) {
            x.text(404, "");
            return;
        }
        String secret = pendingSecret(x);
        x.bytes(
                200,
                "image/png",
                QrCode.png(ports.accounts().totpUri(x.session().signedIn().name(), secret), 240));
    }

    private void enrol(Exchange x) {
        User u = x.session().signedIn();
        if (x.session().step() != Session.Step.ENROL
                || x.session().pendingSecret().isEmpty()) {
            x.redirect("/login/enrol");
            return;
        }
        if (lockedOut(x, u)) {
            return;
        }
        if (!ports.accounts().enrolTotp(u.name(), x.session().pendingSecret().get(), x.field("code"))) {
            failed(x, u.name(), "SECOND_FACTOR");
            x.html(
                    401,
                    Pages.enrol(
                            x.view(),
                            x.session().pendingSecret().get(),
                            x.text().get("totp.failed")));
            return;
        }
        signedIn(x, u);
    }

    private String pendingSecret(Exchange x) {
        return sessions.pendingSecret(x.session(), ports.accounts()::newTotpSecret);
    }

    private void signedIn(Exchange x, User u) {
        if (!ports.accounts().admitsFrom(u, x.source())) {
            // Both factors were right (asked first, so that this answer is no oracle for the
            // password): say why, so an administrator at the wrong desk is not left guessing.
            x.endSession();
            ports.audit().signInRefused(u.name(), x.zone(), x.source(), "MANAGEMENT_RANGE");
            x.html(403, Pages.login(x.view(), x.text().get("login.managementRange"), ""));
            return;
        }
        ports.accounts().signInSucceeded(u.name(), x.zone());
        x.useSession(sessions.advance(x.session(), Session.Step.SIGNED_IN, u));
        ports.audit().signedIn(u, x.zone(), x.source());
        x.redirect(Navigation.home(u.role()));
    }

    /** The page of a one-time password link (an invitation or a reset); looking at it does not use it up. */
    private void passwordPage(Exchange x) {
        Optional<String> account = ports.accounts().passwordLink(x.param("token"), x.zone());
        if (account.isEmpty()) {
            x.html(
                    404,
                    Pages.error(
                            x.view(), x.text().get("password.title"), x.text().get("password.invalid")));
            return;
        }
        if (!sessions.keepFor(x)) {
            return;
        }
        x.html(200, Pages.password(x.view(), account.get(), ""));
    }

    private void setPassword(Exchange x) {
        String token = x.param("token");
        Optional<String> account = ports.accounts().passwordLink(token, x.zone());
        if (account.isEmpty()) {
            x.html(
                    404,
                    Pages.error(
                            x.view(), x.text().get("password.title"), x.text().get("password.invalid")));
            return;
        }
        char[] password = x.field("password").toCharArray();
        char[] confirm = x.field("confirm").toCharArray();
        try {
            if (!Arrays.equals(password, confirm)) {
                x.html(400, Pages.password(x.view(), account.get(), x.text().get("password.mismatch")));
                return;
            }
            switch (ports.accounts().setPassword(token, x.zone(), password)) {
                case Verdict.Refused r ->
                    x.refusing(r.code())
                            .html(
                                    400,
                                    Pages.password(
                                            x.view(), account.get(), x.view().english() ? r.en() : r.ja()));
                case Verdict.Accepted a -> {
                    // Whoever held the old password is out at once (the appliance also revoked the
                    // account's tokens and lifted its lock-out).
                    sessions.endAll(account.get());
                    x.redirect("/login?password-set");
                }
            }
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(confirm, '\0');
        }
    }

    private void logout(Exchange x) {
        User u = x.user();
        x.endSession();
        ports.audit().signedOut(u, x.zone(), "LOGOUT");
        x.redirect("/login?signed-out");
    }

    private void language(Exchange x) {
        Session s = x.session();
        if (sessions.kept(s)) {
            sessions.update(s.withLang(Lang.of(x.field("to"))));
        }
        String back = x.field("back");
        x.redirect(back.matches("(/[a-z0-9-]{1,40}){1,3}") ? back : "/");
    }
}
