package jp.kakehashi.web;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.ApprovalView;
import jp.kakehashi.web.port.Approvals;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * The approver's pages (承認): the queue, one request with its file to review, and the decision.
 * An approval carries the hash of the file the page showed, so nobody approves bytes they did
 * not see; a rejection needs a reason, which the sender is shown.
 */
final class ApprovalRoutes {
    private static final int MAX_COMMENT = 2000;

    private final Ports ports;

    ApprovalRoutes(Ports ports) {
        this.ports = ports;
    }

    List<Route> routes() {
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> approvers = EnumSet.of(Role.STAFF, Role.OFFICER);
        return List.of(
                new Route("GET", "/approvals", lgwan, Route.Access.SIGNED_IN, approvers, this::queue),
                new Route("GET", "/approvals/{id}", lgwan, Route.Access.SIGNED_IN, approvers, this::request),
                new Route("GET", "/approvals/{id}/file", lgwan, Route.Access.SIGNED_IN, approvers, this::review),
                new Route("POST", "/approvals/{id}/approve", lgwan, Route.Access.SIGNED_IN, approvers, this::approve),
                new Route("POST", "/approvals/{id}/reject", lgwan, Route.Access.SIGNED_IN, approvers, this::reject));
    }

    private void queue(Exchange x) {
        String decided = x.query("decided");
        String notice = switch (decided) {
            case "approved" -> x.text().get("approvals.approved");
            case "complete" -> x.text().get("approvals.complete");
            case "rejected" -> x.text().get("approvals.rejected");
            default -> "";
        };
        x.html(
                200,
                Pages.approvals(
                        x.view(),
                        ports.approvals().queue(x.user()),
                        ports.approvals().decided(x.user()),
                        notice));
    }

    /** A request to decide, or one the user decided already, read-only with their decision. */
    private void request(Exchange x) {
        Optional<Long> id = x.number("id");
        Optional<ApprovalView> open = id.flatMap(n -> ports.approvals().request(x.user(), n));
        if (open.isPresent()) {
            x.html(200, Pages.approval(x.view(), open.get(), Optional.empty(), ""));
            return;
        }
        Optional<Approvals.Decided> decided = id.flatMap(n -> ports.approvals().decided(x.user()).stream()
                .filter(d -> d.request().id() == n)
                .findFirst());
        if (decided.isEmpty()) {
            notFound(x);
            return;
        }
        x.html(200, Pages.approval(x.view(), decided.get().request(), decided, ""));
    }

    private void review(Exchange x) throws IOException {
        Optional<Download> file = x.number("id").flatMap(id -> ports.approvals().review(x.user(), id));
        if (file.isEmpty()) {
            notFound(x);
            return;
        }
        x.attachment(file.get());
    }

    private void approve(Exchange x) {
        decide(x, true);
    }

    private void reject(Exchange x) {
        decide(x, false);
    }

    private void decide(Exchange x, boolean approve) {
        Optional<Long> id = x.number("id");
        Optional<ApprovalView> found = id.flatMap(i -> ports.approvals().request(x.user(), i));
        if (found.isEmpty()) {
            notFound(x);
            return;
        }
        String comment = x.field("comment").strip();
        if (comment.length() > MAX_COMMENT) {
            x.html(
                    400,
                    Pages.approval(
                            x.view(), found.get(), Optional.empty(), x.text().get("approvals.toolong")));
            return;
        }
        Verdict verdict = approve
                ? ports.approvals().approve(x.user(), id.get(), x.field("sha256"), comment)
                : ports.approvals().reject(x.user(), id.get(), comment);
        switch (verdict) {
            case Verdict.Refused r ->
                x.html(
                        409,
                        Pages.approval(
                                x.view(),
                                found.get(),
                                Optional.empty(),
                                x.view().english() ? r.en() : r.ja()));
            case Verdict.Accepted a ->
                x.redirect("/approvals?decided=" + (!approve ? "rejected" : a.complete() ? "complete" : "approved"));
        }
    }

    private static void notFound(Exchange x) {
        x.html(404, Pages.error(x.view(), x.text().get("error.title"), x.text().get("approvals.none")));
    }
}
