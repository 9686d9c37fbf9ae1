package jp.kakehashi.web;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.ApiTokens;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;

/**
 * APIトークン: each signed-in person makes and revokes their own tokens for the JSON API. A new
 * token is shown once; its lifetime is 1 to 365 days (90 by default).
 */
final class TokenRoutes {
    static final int MAX_DAYS = 365;
    static final int DEFAULT_DAYS = 90;
    private static final int MAX_TOKENS = 20;

    private final Ports ports;

    TokenRoutes(Ports ports) {
        this.ports = ports;
    }

    List<Route> routes() {
        EnumSet<Zone> all = EnumSet.allOf(Zone.class);
        EnumSet<Role> everyone = EnumSet.allOf(Role.class);
        return List.of(
                new Route("GET", "/tokens", all, Route.Access.SIGNED_IN, everyone, this::list),
                new Route("POST", "/tokens", all, Route.Access.SIGNED_IN, everyone, this::create),
                new Route("POST", "/tokens/{id}/revoke", all, Route.Access.SIGNED_IN, everyone, this::revoke));
    }

    private void list(Exchange x) {
        String notice = x.query("revoked").equals("1") ? x.text().get("tokens.revoked") : "";
        x.html(200, Pages.tokens(x.view(), ports.apiTokens().tokens(x.user()), notice, ""));
    }

    private void create(Exchange x) {
        String label = x.field("label").strip();
        String days = x.field("days").strip();
        String problem = "";
        if (label.isEmpty() || label.length() > 100) {
            problem = x.text().get("tokens.badlabel");
        } else if (!days.matches("[0-9]{1,3}") || Integer.parseInt(days) < 1 || Integer.parseInt(days) > MAX_DAYS) {
            problem = x.text().get("tokens.baddays");
        } else if (ports.apiTokens().tokens(x.user()).stream()
                        .filter(t -> !t.revoked())
                        .count()
                >= MAX_TOKENS) {
            problem = x.text().get("tokens.toomany");
        }
        if (!problem.isEmpty()) {
            x.html(400, Pages.tokens(x.view(), ports.apiTokens().tokens(x.user()), "", problem));
            return;
        }
        ApiTokens.Created created = ports.apiTokens().create(x.user(), label, Duration.ofDays(Integer.parseInt(days)));
        x.html(200, Pages.tokenCreated(x.view(), created));
    }

    private void revoke(Exchange x) {
        Optional<Long> id = x.number("id");
        if (id.isEmpty() || !ports.apiTokens().revoke(x.user(), id.get())) {
            x.html(
                    404,
                    Pages.error(x.view(), x.text().get("error.title"), x.text().get("tokens.none")));
            return;
        }
        x.redirect("/tokens?revoked=1");
    }
}
