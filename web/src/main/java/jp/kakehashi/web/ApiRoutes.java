package jp.kakehashi.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.web.pages.ReportPeriod;
import jp.kakehashi.web.port.AuditPage;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.Proposal;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Search;
import jp.kakehashi.web.port.Unlocking;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * The JSON API ({@code /api/v1/}): what the pages offer, for scripts and other systems, with a
 * personal token instead of a session. The same ports, the same rights and the same refusals;
 * {@code openapi.json} documents every route here, and a test keeps the two the same.
 */
final class ApiRoutes {
    static final String BASE = "/api/v1";

    private final Ports ports;
    private final TransferRoutes transfers;
    private final StatisticsRoutes statistics;

    ApiRoutes(Ports ports, TransferRoutes transfers, StatisticsRoutes statistics) {
        this.ports = ports;
        this.transfers = transfers;
        this.statistics = statistics;
    }

    List<Route> routes() {
        EnumSet<Zone> all = EnumSet.allOf(Zone.class);
        EnumSet<Zone> senders = EnumSet.of(Zone.INTERNET, Zone.LGWAN);
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> everyone = EnumSet.allOf(Role.class);
        EnumSet<Role> sending = EnumSet.of(Role.PARTNER, Role.STAFF);
        EnumSet<Role> receiving = EnumSet.of(Role.PARTNER, Role.STAFF, Role.MYNUMBER);
        EnumSet<Role> approvers = EnumSet.of(Role.STAFF, Role.OFFICER);
        EnumSet<Role> officers = EnumSet.of(Role.OFFICER);
        EnumSet<Role> admins = EnumSet.of(Role.ADMIN);
        Route.Access token = Route.Access.TOKEN;
        return List.of(
                new Route("GET", BASE + "/openapi.json", all, Route.Access.PUBLIC, Set.of(), this::openapi),
                new Route("GET", BASE + "/me", all, token, everyone, this::me),
                new Route("GET", BASE + "/destinations", senders, token, sending, this::destinations),
                new Route("POST", BASE + "/files", senders, token, sending, transfers::upload),
                new Route("GET", BASE + "/sent", senders, token, sending, this::sent),
                new Route("GET", BASE + "/received", all, token, receiving, this::received),
                new Route("GET", BASE + "/search", all, token, receiving, this::search),
                new Route("GET", BASE + "/files/{id}", all, token, receiving, this::file),
                new Route("GET", BASE + "/files/{id}/content", all, token, receiving, this::content),
                new Route("POST", BASE + "/files/{id}/unlock", all, token, receiving, this::unlock),
                new Route("POST", BASE + "/files/{id}/original", lgwan, token, EnumSet.of(Role.STAFF), this::ask),
                new Route("GET", BASE + "/originals", lgwan, token, approvers, this::originals),
                new Route("GET", BASE + "/originals/{id}/content", lgwan, token, approvers, this::original),
                new Route("GET", BASE + "/approvals", lgwan, token, approvers, this::approvals),
                new Route("GET", BASE + "/approvals/{id}/content", lgwan, token, approvers, this::review),
                new Route("POST", BASE + "/approvals/{id}/approve", lgwan, token, approvers, this::approve),
                new Route("POST", BASE + "/approvals/{id}/reject", lgwan, token, approvers, this::reject),
                new Route("GET", BASE + "/audit", lgwan, token, officers, this::audit),
                new Route("GET", BASE + "/report", lgwan, token, officers, this::report),
                new Route("GET", BASE + "/quarantine", lgwan, token, officers, this::quarantine),
                new Route("POST", BASE + "/quarantine/{id}/release", lgwan, token, officers, this::release),
                new Route("GET", BASE + "/users", lgwan, token, admins, this::users),
                new Route("GET", BASE + "/health", lgwan, token, admins, this::health),
                new Route("GET", BASE + "/policy", lgwan, token, admins, this::policy),
                new Route(
                        "POST",
                        BASE + "/policy/lint",
                        lgwan,
                        token,
                        admins,
                        this::lintPolicy,
                        PolicyRoutes.POLICY_FORM_BYTES),
                new Route(
                        "POST",
                        BASE + "/policy/versions",
                        lgwan,
                        token,
                        admins,
                        this::proposePolicy,
                        PolicyRoutes.POLICY_FORM_BYTES),
                new Route("GET", BASE + "/policy/versions/{id}", lgwan, token, admins, this::policyVersion),
                new Route("POST", BASE + "/policy/versions/{id}/confirm", lgwan, token, admins, this::confirmPolicy));
    }

    private void openapi(Exchange x) throws IOException {
        try (InputStream in = ApiRoutes.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json is missing from the web module");
            }
            x.bytes(200, "application/json; charset=utf-8", in.readAllBytes());
        }
    }

    private void me(Exchange x) {
        x.json(200, ApiJson.user(x.user()));
    }

    private void destinations(Exchange x) {
        x.json(
                200,
                ports.transfers().destinations(x.user()).stream()
                        .map(d -> Map.of("id", d.id(), "ja", d.ja(), "en", d.en()))
                        .toList());
    }

    private void sent(Exchange x) {
        x.json(200, ApiJson.items(ports.transfers().sent(x.user())));
    }

    private void received(Exchange x) {
        x.json(200, ApiJson.items(ports.transfers().received(x.user())));
    }

    private void search(Exchange x) {
        switch (ports.search().search(x.user(), x.query("q").strip())) {
            case Search.Result.Refused r -> x.json(400, TransferRoutes.refusal("BAD_QUERY", r.ja(), r.en()));
            case Search.Result.Hits h -> x.json(200, ApiJson.items(h.items()));
        }
    }

    private void file(Exchange x) {
        ports.transfers()
                .item(x.user(), x.param("id"))
                .ifPresentOrElse(i -> x.json(200, ApiJson.item(i)), () -> notFound(x));
    }

    private void content(Exchange x) throws IOException {
        send(x, ports.transfers().download(x.user(), x.param("id")));
    }

    /** PPAP: the password is passed on once and wiped; the opened copy is a new file to follow. */
    private void unlock(Exchange x) {
        String id = x.param("id");
        if (ports.transfers().item(x.user(), id).isEmpty()) {
            notFound(x);
            return;
        }
        char[] password = x.input("password").toCharArray();
        try {
            switch (ports.unlocking().unlock(x.user(), id, password)) {
                case Unlocking.Result.Refused r -> x.json(409, TransferRoutes.refusal(r.code(), r.ja(), r.en()));
                case Unlocking.Result.Opened o ->
                    ports.transfers()
                            .item(x.user(), o.itemId())
                            .ifPresentOrElse(i -> x.json(201, ApiJson.item(i)), () -> notFound(x));
            }
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void ask(Exchange x) {
        String id = x.param("id");
        if (ports.transfers().item(x.user(), id).isEmpty()) {
            notFound(x);
            return;
        }
        verdict(x, ports.originals().request(x.user(), id, x.input("reason")));
    }

    private void originals(Exchange x) {
        x.json(
                200,
                ports.originals().requests(x.user()).stream()
                        .map(ApiJson::original)
                        .toList());
    }

    private void original(Exchange x) throws IOException {
        Optional<Long> id = x.number("id");
        send(x, id.isEmpty() ? Optional.empty() : ports.originals().original(x.user(), id.get()));
    }

    private void approvals(Exchange x) {
        x.json(
                200,
                ports.approvals().queue(x.user()).stream()
                        .map(ApiJson::approval)
                        .toList());
    }

    private void review(Exchange x) throws IOException {
        Optional<Long> id = x.number("id");
        send(x, id.isEmpty() ? Optional.empty() : ports.approvals().review(x.user(), id.get()));
    }

    private void approve(Exchange x) {
        Optional<Long> id = x.number("id");
        if (id.isEmpty() || ports.approvals().request(x.user(), id.get()).isEmpty()) {
            notFound(x);
            return;
        }
        verdict(
                x,
                ports.approvals()
                        .approve(
                                x.user(),
                                id.get(),
                                x.input("sha256"),
                                x.input("comment").strip()));
    }

    private void reject(Exchange x) {
        Optional<Long> id = x.number("id");
        if (id.isEmpty() || ports.approvals().request(x.user(), id.get()).isEmpty()) {
            notFound(x);
            return;
        }
        verdict(
                x,
                ports.approvals().reject(x.user(), id.get(), x.input("comment").strip()));
    }

    private void audit(Exchange x) {
        Map<String, String> filters = AuditRoutes.filters(x);
        Optional<String> problem = AuditRoutes.problem(x, filters);
        if (problem.isPresent()) {
            x.json(400, Map.of("code", "BAD_FILTER", "ja", problem.get(), "en", problem.get()));
            return;
        }
        AuditPage page = ports.auditRecords().search(AuditRoutes.query(filters, AuditRoutes.PAGE));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", page.records().stream().map(ApiJson::entry).toList());
        m.put("total", page.scanned());
        m.put("more", page.more());
        x.json(200, m);
    }

    private void report(Exchange x) {
        Optional<ReportPeriod> period = statistics.period(x);
        if (period.isEmpty()) {
            x.json(
                    400,
                    x.query("year").isEmpty()
                            ? TransferRoutes.refusal(
                                    "BAD_MONTH", x.text().get("report.badmonth"), "Give the month as YYYY-MM.")
                            : TransferRoutes.refusal(
                                    "BAD_YEAR", x.text().get("report.badyear"), "Give the fiscal year as YYYY."));
            return;
        }
        x.json(
                200,
                ApiJson.report(ports.statistics()
                        .report(period.get().from(), period.get().to())));
    }

    private void quarantine(Exchange x) {
        x.json(
                200,
                ports.quarantine().stopped(x.user()).stream()
                        .map(ApiJson::stopped)
                        .toList());
    }

    private void release(Exchange x) {
        if (ports.quarantine().stoppedItem(x.user(), x.param("id")).isEmpty()) {
            notFound(x);
            return;
        }
        verdict(x, ports.quarantine().release(x.user(), x.param("id"), x.input("reason")));
    }

    private void users(Exchange x) {
        x.json(
                200,
                ports.administration().accounts().stream().map(ApiJson::account).toList());
    }

    private void health(Exchange x) {
        x.json(200, ApiJson.health(ports.administration().health()));
    }

    private void policy(Exchange x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inForce", ApiJson.policyText(ports.policies().inForce()));
        m.put(
                "versions",
                ports.policies().versions().stream()
                        .map(v -> ApiJson.policyVersion(v, false))
                        .toList());
        x.json(200, m);
    }

    private void lintPolicy(Exchange x) {
        Optional<String> broken = ports.policies().lint(x.input("text"));
        if (broken.isEmpty()) {
            x.json(200, Map.of("clean", true));
        } else {
            x.json(422, Map.of("clean", false, "error", broken.get()));
        }
    }

    private void proposePolicy(Exchange x) {
        switch (ports.policies().propose(x.user(), x.input("text"), x.input("reason"))) {
            case Proposal.Proposed p ->
                ports.policies()
                        .version(p.id())
                        .ifPresentOrElse(v -> x.json(201, ApiJson.policyVersion(v, true)), () -> notFound(x));
            case Proposal.Refused r -> {
                Map<String, String> m = new LinkedHashMap<>(TransferRoutes.refusal(r.code(), r.ja(), r.en()));
                if (!r.detail().isEmpty()) {
                    m.put("error", r.detail());
                }
                x.json(422, m);
            }
        }
    }

    private void policyVersion(Exchange x) {
        x.number("id")
                .flatMap(ports.policies()::version)
                .ifPresentOrElse(v -> x.json(200, ApiJson.policyVersion(v, true)), () -> notFound(x));
    }

    private void confirmPolicy(Exchange x) {
        Optional<Long> id =
                x.number("id").filter(i -> ports.policies().version(i).isPresent());
        if (id.isEmpty()) {
            notFound(x);
            return;
        }
        switch (ports.policies().confirm(x.user(), id.get(), x.input("sha256"))) {
            case Verdict.Refused r -> x.json(409, TransferRoutes.refusal(r.code(), r.ja(), r.en()));
            case Verdict.Accepted a ->
                x.json(
                        200,
                        ApiJson.policyVersion(ports.policies().version(id.get()).orElseThrow(), false));
        }
    }

    private static void verdict(Exchange x, Verdict v) {
        switch (v) {
            case Verdict.Refused r -> x.json(409, TransferRoutes.refusal(r.code(), r.ja(), r.en()));
            case Verdict.Accepted a -> x.json(200, Map.of("done", true, "complete", a.complete()));
        }
    }

    private static void send(Exchange x, Optional<Download> file) throws IOException {
        if (file.isEmpty()) {
            notFound(x);
            return;
        }
        x.attachment(file.get());
    }

    private static void notFound(Exchange x) {
        x.json(404, TransferRoutes.refusal("NOT_FOUND", "見つかりません。", "There is no such thing for you here."));
    }
}
