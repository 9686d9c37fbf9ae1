package jp.kakehashi.web;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.NoticeSettings;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * アカウント: each signed-in person's own page: who they are to the appliance, whether an
 * authenticator guards the account, and changing their own password or moving their second
 * factor to a new phone without an administrator.
 */
final class AccountRoutes {
    private final Ports ports;
    private final Sessions sessions;

    AccountRoutes(Ports ports, Sessions sessions) {
        this.ports = ports;
        this.sessions = sessions;
    }

    List<Route> routes() {
        EnumSet<Zone> all = EnumSet.allOf(Zone.class);
        EnumSet<Role> everyone = EnumSet.allOf(Role.class);
        return List.of(
                new Route("GET", "/account", all, Route.Access.SIGNED_IN, everyone, this::page),
                new Route("POST", "/account/password", all, Route.Access.SIGNED_IN, everyone, this::changePassword),
                new Route("GET", "/account/totp", all, Route.Access.SIGNED_IN, everyone, this::totpPage),
                new Route("GET", "/account/totp/qr.png", all, Route.Access.SIGNED_IN, everyone, this::qr),
                new Route("POST", "/account/totp", all, Route.Access.SIGNED_IN, everyone, this::replaceTotp),
                new Route("POST", "/account/notices", all, Route.Access.SIGNED_IN, everyone, this::setNotices),
                new Route(
                        "POST", "/account/recovery-codes", all, Route.Access.SIGNED_IN, everyone, this::recoveryCodes));
    }

    private void page(Exchange x) {
        String notice = x.query("done").equals("notices") ? x.text().get("account.notices.saved") : "";
        x.html(200, page(x, "", notice));
    }

    private String page(Exchange x, String error) {
        return page(x, error, "");
    }

    private String page(Exchange x, String error, String notice) {
        return Pages.account(
                x.view(),
                ports.accounts().totpEnrolled(x.user().name()),
                ports.accounts().passwordInDirectory(x.user().name()),
                ports.accounts().recoveryCodesLeft(x.user().name()),
                ports.accounts().recentSignIns(x.user().name()),
                ports.accounts().notices(x.user().name()),
                notice,
                error);
    }

    /** New recovery codes, shown this once: the page says to print or write them down. */
    private void recoveryCodes(Exchange x) {
        List<String> codes = ports.accounts().issueRecoveryCodes(x.user());
        if (codes.isEmpty()) {
            x.html(400, page(x, x.text().get("account.recovery.nofactor")));
            return;
        }
        x.html(200, Pages.recoveryCodes(x.view(), codes));
    }

    private void setNotices(Exchange x) {
        NoticeSettings wanted = new NoticeSettings(x.field("email").strip(), x.field("frequency"));
        switch (ports.accounts().setNotices(x.user(), wanted)) {
            case Verdict.Refused r ->
                x.refusing(r.code()).html(400, page(x, x.view().english() ? r.en() : r.ja()));
            case Verdict.Accepted a -> x.redirect("/account?done=notices");
        }
    }

    private void totpPage(Exchange x) {
        x.html(200, totpPage(x, ""));
    }

    private String totpPage(Exchange x, String error) {
        return Pages.accountTotp(
                x.view(), ports.accounts().totpEnrolled(x.user().name()), pendingSecret(x), error);
    }

    private void qr(Exchange x) {
        x.bytes(200, "image/png", QrCode.png(ports.accounts().totpUri(x.user().name(), pendingSecret(x)), 240));
    }

    /** A new phone: a code of the authenticator enrolled now, then one of the new secret this session was shown. */
    private void replaceTotp(Exchange x) {
        if (x.session().pendingSecret().isEmpty()) {
            x.redirect("/account/totp");
            return;
        }
        switch (ports.accounts()
                .replaceTotp(
                        x.user(),
                        x.zone(),
                        x.source(),
                        x.field("current"),
                        x.session().pendingSecret().get(),
                        x.field("code"))) {
            case Verdict.Refused r ->
                x.refusing(r.code()).html(400, totpPage(x, x.view().english() ? r.en() : r.ja()));
            case Verdict.Accepted a -> {
                // Every session of the account ends, this one too: sign in again with the new phone.
                sessions.endAll(x.user().name());
                x.redirect("/login?totp-replaced");
            }
        }
    }

    private String pendingSecret(Exchange x) {
        return sessions.pendingSecret(x.session(), ports.accounts()::newTotpSecret);
    }

    private void changePassword(Exchange x) {
        char[] current = x.field("current").toCharArray();
        char[] next = x.field("password").toCharArray();
        char[] confirm = x.field("confirm").toCharArray();
        try {
            if (!Arrays.equals(next, confirm)) {
                x.refusing("PASSWORD_MISMATCH").html(400, page(x, x.text().get("password.mismatch")));
                return;
            }
            switch (ports.accounts().changePassword(x.user(), x.zone(), x.source(), current, next)) {
                case Verdict.Refused r ->
                    x.refusing(r.code()).html(400, page(x, x.view().english() ? r.en() : r.ja()));
                case Verdict.Accepted a -> {
                    // Every session of the account ends, this one too: sign in again with the new password.
                    sessions.endAll(x.user().name());
                    x.redirect("/login?password-changed");
                }
            }
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
            Arrays.fill(confirm, '\0');
        }
    }
}
