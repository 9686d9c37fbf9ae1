package jp.kakehashi.web;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.StoppedView;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * 隔離ファイルの確認: the files the appliance stopped, each with its reason and hash, and the
 * taking out of an original with a written reason for the officer's own analysis.
 */
final class QuarantineRoutes {
    private final Ports ports;

    QuarantineRoutes(Ports ports) {
        this.ports = ports;
    }

    List<Route> routes() {
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> officers = EnumSet.of(Role.OFFICER);
        return List.of(
                new Route("GET", "/quarantine", lgwan, Route.Access.SIGNED_IN, officers, this::list),
                new Route("GET", "/quarantine/{id}", lgwan, Route.Access.SIGNED_IN, officers, this::item),
                new Route("POST", "/quarantine/{id}/release", lgwan, Route.Access.SIGNED_IN, officers, this::release),
                new Route("GET", "/quarantine/{id}/original", lgwan, Route.Access.SIGNED_IN, officers, this::original));
    }

    private void list(Exchange x) {
        x.html(200, Pages.quarantine(x.view(), ports.quarantine().stopped(x.user())));
    }

    private void item(Exchange x) {
        Optional<StoppedView> found = ports.quarantine().stoppedItem(x.user(), x.param("id"));
        if (found.isEmpty()) {
            notFound(x);
            return;
        }
        String notice = x.query("released").equals("1") ? x.text().get("quarantine.released") : "";
        x.html(200, Pages.stopped(x.view(), found.get(), "", notice));
    }

    private void release(Exchange x) {
        String id = x.param("id");
        Optional<StoppedView> found = ports.quarantine().stoppedItem(x.user(), id);
        if (found.isEmpty()) {
            notFound(x);
            return;
        }
        switch (ports.quarantine().release(x.user(), id, x.field("reason"))) {
            case Verdict.Refused r ->
                x.html(409, Pages.stopped(x.view(), found.get(), x.view().english() ? r.en() : r.ja(), ""));
            case Verdict.Accepted a -> x.redirect("/quarantine/" + id + "?released=1");
        }
    }

    private void original(Exchange x) throws IOException {
        Optional<Download> file = ports.quarantine().original(x.user(), x.param("id"));
        if (file.isEmpty()) {
            notFound(x);
            return;
        }
        x.attachment(file.get());
    }

    private static void notFound(Exchange x) {
        x.html(404, Pages.error(x.view(), x.text().get("error.title"), x.text().get("quarantine.none")));
    }
}
