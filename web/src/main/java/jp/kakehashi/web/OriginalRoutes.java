package jp.kakehashi.web;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * 原本取り出し: asking for the original of a disarmed file from its page, following one's
 * requests, and downloading a released original while it is out. The approvals themselves are
 * on the approvers' pages; every rule is the appliance's.
 */
final class OriginalRoutes {
    private final Ports ports;

    OriginalRoutes(Ports ports) {
        this.ports = ports;
    }

    List<Route> routes() {
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> asking = EnumSet.of(Role.STAFF, Role.OFFICER);
        return List.of(
                new Route("GET", "/originals", lgwan, Route.Access.SIGNED_IN, asking, this::list),
                new Route(
                        "POST",
                        "/items/{id}/original",
                        lgwan,
                        Route.Access.SIGNED_IN,
                        EnumSet.of(Role.STAFF),
                        this::request),
                new Route("GET", "/originals/{id}/download", lgwan, Route.Access.SIGNED_IN, asking, this::download));
    }

    /** Whether an item's page offers the request form: a staff member's delivered file from a partner. */
    static boolean offered(User user, ItemView item) {
        return user.role() == Role.STAFF && item.from() == Zone.INTERNET && item.stage() == Stage.DELIVERED;
    }

    private void list(Exchange x) {
        String notice = x.query("requested").equals("1") ? x.text().get("originals.requested") : "";
        x.html(200, Pages.originals(x.view(), ports.originals().requests(x.user()), notice));
    }

    private void request(Exchange x) {
        String id = x.param("id");
        Optional<ItemView> item = ports.transfers().item(x.user(), id);
        if (item.isEmpty()) {
            x.html(
                    404,
                    Pages.error(x.view(), x.text().get("error.title"), x.text().get("error.nofile")));
            return;
        }
        switch (ports.originals().request(x.user(), id, x.field("reason"))) {
            case Verdict.Refused r -> {
                boolean downloadable = ports.transfers().download(x.user(), id).isPresent();
                x.html(
                        409,
                        Pages.item(
                                x.view(),
                                item.get(),
                                downloadable,
                                offered(x.user(), item.get()),
                                false,
                                x.view().english() ? r.en() : r.ja()));
            }
            case Verdict.Accepted a -> x.redirect("/originals?requested=1");
        }
    }

    private void download(Exchange x) throws IOException {
        Optional<Download> file = x.number("id").flatMap(id -> ports.originals().original(x.user(), id));
        if (file.isEmpty()) {
            x.html(
                    404,
                    Pages.error(x.view(), x.text().get("error.title"), x.text().get("originals.gone")));
            return;
        }
        x.attachment(file.get());
    }
}
