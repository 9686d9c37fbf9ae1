package jp.kakehashi.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The portals: one {@link Handler} per zone over one route table and one session store. The
 * appliance puts each zone's handler on that zone's HTTPS connector.
 *
 * <pre>
 *   connector (zone) ─► handler(zone) ─► canonical path? route on this zone? signed in? role? CSRF? ─► action ─► ports
 * </pre>
 *
 * Example:
 *
 * <pre>{@code
 * Portal portal = Portal.create(new Ports(accounts, transfers, audit), PortalConfig.DEFAULTS, clock, random);
 * server.setHandler(portal.handler(Zone.INTERNET));
 * server.setErrorHandler(Portal.errorHandler());
 * }</pre>
 */
public final class Portal {
    private final Ports ports;
    private final Sessions sessions;
    private final ResumableUploads resumable;
    private final List<Route> routes;

    private Portal(Ports ports, Sessions sessions, ResumableUploads resumable, List<Route> routes) {
        this.ports = ports;
        this.sessions = sessions;
        this.resumable = resumable;
        this.routes = List.copyOf(routes);
    }

    public static Portal create(Ports ports, PortalConfig config, Clock clock, SecureRandom random) {
        Sessions sessions = new Sessions(config, clock, random);
        List<Route> routes = new ArrayList<>();
        routes.addAll(new LoginRoutes(ports, sessions).routes());
        TransferRoutes transfers = new TransferRoutes(ports, config);
        StatisticsRoutes statistics = new StatisticsRoutes(ports, clock, config.municipality());
        routes.addAll(transfers.routes());
        routes.addAll(new ApprovalRoutes(ports).routes());
        routes.addAll(new AuditRoutes(ports, clock).routes());
        routes.addAll(statistics.routes());
        routes.addAll(new QuarantineRoutes(ports).routes());
        routes.addAll(new AdminRoutes(ports, sessions).routes());
        routes.addAll(new PolicyRoutes(ports).routes());
        routes.addAll(new TokenRoutes(ports).routes());
        routes.addAll(new AccountRoutes(ports, sessions).routes());
        routes.addAll(new OriginalRoutes(ports).routes());
        routes.addAll(new FolderRoutes(ports, config, sessions).routes());
        routes.addAll(new ApiRoutes(ports, transfers, statistics).routes());
        ResumableUploads resumable = new ResumableUploads(ports, config, clock, random);
        routes.addAll(resumable.routes());
        routes.addAll(Assets.routes());
        return new Portal(ports, sessions, resumable, routes);
    }

    /** The handler of one zone's connector. */
    public Handler handler(Zone zone) {
        return new PortalHandler(zone, routes, sessions, ports);
    }

    /**
     * What Jetty itself answers with (a request it refused before any handler: bad URI, bad
     * headers, too large): the status, the security headers and one line of text; never a stack
     * trace or a server version.
     */
    public static Request.Handler errorHandler() {
        return new PlainErrors();
    }

    private static final class PlainErrors extends ErrorHandler {
        PlainErrors() {
            setShowStacks(false);
            setShowCauses(false);
            setShowMessageInTitle(false);
            setShowOrigin(false);
        }

        @Override
        protected void generateResponse(
                Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            SecurityHeaders.apply(response.getHeaders());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, code + " 要求を処理できませんでした / The request cannot be processed\n", callback);
        }
    }

    /**
     * The HTTP settings every portal connector uses: no server version or X-Powered-By in any
     * answer, request headers up to 16 KB, and a body of at least 1 KB/s after the first 30 s so
     * a stalled upload cannot hold a thread (ATTACKS F-10).
     */
    public static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        http.setMinRequestDataRate(1024);
        return http;
    }

    /** Ends every session of an account at once (disabled, password reset); returns how many. */
    public int signOut(String account) {
        return sessions.endAll(account);
    }

    /** Forgets timed-out sessions and discards resumable uploads left idle too long; the appliance calls it now and then. */
    public int sweep() {
        resumable.sweep();
        return sessions.sweep();
    }

    List<Route> routes() {
        return routes;
    }
}
