package jp.kakehashi.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.pages.Text;
import jp.kakehashi.web.pages.View;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler of a zone's connector. In order, for every request: security headers; the raw
 * path must already be canonical (anything else is 400, ATTACKS WEB-01); the route must exist on
 * this zone (else 404, so the LGWAN's pages do not exist on the internet listener); the session
 * must have gone far enough through sign-in and its account must still be enabled; the role must
 * be allowed, from this address (an administrator only from the management range); a state change must carry the session's CSRF token. Only then does the action run.
 * Any exception becomes a page with an incident number; no stack trace or path is ever sent.
 */
final class PortalHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(PortalHandler.class);
    /** Our routes use only these characters; percent-escapes, dots-only segments, ';' and '\' never reach one. */
    private static final Pattern CANONICAL = Pattern.compile("/|(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127})+");

    private final Zone zone;
    private final List<Route> routes;
    private final Sessions sessions;
    private final Ports ports;

    PortalHandler(Zone zone, List<Route> routes, Sessions sessions, Ports ports) {
        this.zone = zone;
        this.routes = List.copyOf(routes);
        this.sessions = sessions;
        this.ports = ports;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        SecurityHeaders.apply(response.getHeaders());
        Session session = currentSession(request).orElseGet(() -> sessions.anonymous(zone, Lang.JA));
        String rawPath = request.getHttpURI().getPath();
        String query = request.getHttpURI().getQuery();
        if (rawPath == null || !CANONICAL.matcher(rawPath).matches() || rawPath.contains("..")) {
            refuse(request, response, callback, session, 400, "error.badrequest");
            return true;
        }
        Optional<Route> found = Optional.empty();
        Map<String, String> params = Map.of();
        boolean pathExists = false;
        for (Route r : routes) {
            if (!r.zones().contains(zone)) {
                continue;
            }
            Optional<Map<String, String>> m = r.match(rawPath);
            if (m.isPresent()) {
                pathExists = true;
                if (r.method().equals(request.getMethod())) {
                    found = Optional.of(r);
                    params = m.get();
                    break;
                }
            }
        }
        if (found.isEmpty()) {
            refuse(request, response, callback, session, pathExists ? 405 : 404, "error.notfound");
            return true;
        }
        Route route = found.get();
        if (query != null && !query.isEmpty() && !route.method().equals("GET")) {
            refuse(request, response, callback, session, 400, "error.badrequest");
            return true;
        }
        if (route.access() == Route.Access.TOKEN) {
            Optional<User> bearer = bearer(request);
            if (bearer.isEmpty()) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
                new Exchange(request, response, callback, zone, sessions, session, params, Route.FORM_BYTES)
                        .json(
                                401,
                                Map.of(
                                        "code", "TOKEN_REQUIRED",
                                        "ja", "有効な API トークンを Authorization: Bearer で指定してください。",
                                        "en", "Send a valid API token in Authorization: Bearer."));
                return true;
            }
            session = sessions.bearer(zone, bearer.get());
        }
        Exchange x = new Exchange(request, response, callback, zone, sessions, session, params, route.formBytes());
        try {
            if (!admitted(route, x)) {
                return true;
            }
            route.action().handle(x);
            if (response.getStatus() == 404 && !params.isEmpty()) {
                // An object named in the path that this person may not see, or that is not there:
                // the same 404 either way (no oracle), but an officer sees the probing (ATTACKS WEB-01).
                refused(route, x, 404, "NOT_FOUND");
            } else if (response.getStatus() >= 400
                    && response.getStatus() < 500
                    && !x.refusal().isEmpty()) {
                // Every other refusal with a reason (too large, a stale offset, too many uploads)
                // is evidence too, in one place rather than in each route.
                refused(route, x, response.getStatus(), x.refusal());
            }
        } catch (Exchange.BadBody e) {
            String key = e.status() == 413 ? "error.bodytoolarge" : "error.badrequest";
            if (route.access() == Route.Access.TOKEN) {
                x.json(
                        e.status(),
                        Map.of(
                                "code",
                                e.status() == 413 ? "BODY_TOO_LARGE" : "BAD_BODY",
                                "ja",
                                Text.JA.get(key),
                                "en",
                                Text.EN.get(key)));
            } else {
                x.html(
                        e.status(),
                        Pages.error(
                                x.view(), x.text().get("error.title"), x.text().get(key)));
            }
        } catch (Exception e) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            log.error("incident {} on {} {} ({} zone)", incident, route.method(), route.pattern(), zone.word(), e);
            if (!response.isCommitted() && route.access() == Route.Access.TOKEN) {
                x.json(
                        500,
                        Map.of(
                                "code", "INTERNAL",
                                "incident", incident,
                                "ja", "処理中に問題が発生しました。続く場合はシステム管理者にこの番号をお伝えください。",
                                "en", "Something went wrong. If it persists, give this number to your administrator."));
            } else if (!response.isCommitted()) {
                Text t = x.text();
                x.html(500, Pages.error(x.view(), t.get("error.title"), t.get("error.internal") + " " + incident));
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    /** Answers and returns false unless the session, role and CSRF token allow the route. */
    private boolean admitted(Route route, Exchange x) {
        Session s = x.session();
        switch (route.access()) {
            case PUBLIC -> {}
            case SIGNING_IN -> {
                if (s.step() != Session.Step.SECOND_FACTOR && s.step() != Session.Step.ENROL) {
                    x.redirect("/login");
                    return false;
                }
            }
            case TOKEN -> {
                if (!route.roles().contains(s.signedIn().role())) {
                    refused(route, x, 403, "ROLE");
                    x.json(
                            403,
                            Map.of(
                                    "code", "FORBIDDEN",
                                    "ja", "この操作を行う権限がありません。",
                                    "en", "You may not do this."));
                    return false;
                }
                if (!ports.accounts().admitsFrom(s.signedIn(), x.source())) {
                    refused(route, x, 403, "MANAGEMENT_RANGE");
                    x.json(
                            403,
                            Map.of(
                                    "code", "MANAGEMENT_RANGE",
                                    "ja", Text.JA.get("error.managementRange"),
                                    "en", Text.EN.get("error.managementRange")));
                    return false;
                }
                return true;
            }
            case SIGNED_IN -> {
                if (s.step() != Session.Step.SIGNED_IN) {
                    signInFirst(route, x);
                    return false;
                }
                Optional<User> now = ports.accounts().current(s.signedIn().name());
                if (now.isEmpty()
                        || now.get().role() != s.signedIn().role()
                        || now.get().credentials() != s.signedIn().credentials()
                        || now.get().role().zone() != zone) {
                    // Disabled, or credentials or powers changed since sign-in: the session ends
                    // here (ATTACKS AUTH-02).
                    x.endSession();
                    ports.audit().signedOut(s.signedIn(), zone, "ACCOUNT_CHANGED");
                    signInFirst(route, x);
                    return false;
                }
                if (!route.roles().contains(s.signedIn().role())) {
                    refused(route, x, 403, "ROLE");
                    x.html(
                            403,
                            Pages.error(
                                    x.view(),
                                    x.text().get("error.title"),
                                    x.text().get("error.forbidden")));
                    return false;
                }
                if (!ports.accounts().admitsFrom(s.signedIn(), x.source())) {
                    refused(route, x, 403, "MANAGEMENT_RANGE");
                    x.html(
                            403,
                            Pages.error(
                                    x.view(),
                                    x.text().get("error.title"),
                                    x.text().get("error.managementRange")));
                    return false;
                }
            }
        }
        if (route.changesState() && !csrfMatches(x)) {
            refused(route, x, 403, "CSRF");
            x.html(
                    403,
                    Pages.error(x.view(), x.text().get("error.title"), x.text().get("error.csrf")));
            return false;
        }
        return true;
    }

    private void refused(Route route, Exchange x, int status, String why) {
        String actor = x.session().user().map(User::name).orElse("");
        ports.audit()
                .accessRefused(
                        actor, zone, x.source(), route.method(), Request.getPathInContext(x.request()), status, why);
    }

    private static void signInFirst(Route route, Exchange x) {
        if (route.method().equals("GET")) {
            x.redirect("/login");
        } else {
            x.json(401, Map.of("code", "SIGN_IN_REQUIRED", "ja", "ログインしてください。", "en", "Please sign in."));
        }
    }

    private static boolean csrfMatches(Exchange x) {
        String sent = x.header("X-CSRF-Token");
        if (sent.isEmpty()) {
            sent = x.field("csrf");
        }
        return MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), x.session().csrf().getBytes(StandardCharsets.UTF_8));
    }

    /** The user of the request's {@code Authorization: Bearer} token on this zone, if it is valid. */
    private Optional<User> bearer(Request request) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() > 200) {
            return Optional.empty();
        }
        return ports.apiTokens().user(h.substring(7).strip(), zone);
    }

    private Optional<Session> currentSession(Request request) {
        String name = Cookies.name(zone);
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(name)) {
                return sessions.find(c.getValue(), zone);
            }
        }
        return Optional.empty();
    }

    private void refuse(Request request, Response response, Callback callback, Session s, int status, String key) {
        Exchange x = new Exchange(request, response, callback, zone, sessions, s, Map.of(), Route.FORM_BYTES);
        View v = x.view();
        x.html(status, Pages.error(v, x.text().get("error.title"), x.text().get(key)));
    }
}
