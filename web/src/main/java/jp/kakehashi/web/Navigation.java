package jp.kakehashi.web;

import java.util.List;
import jp.kakehashi.web.pages.View;
import jp.kakehashi.web.port.Role;

/** The pages each role finds in the navigation bar, and where it lands after signing in. */
final class Navigation {
    private Navigation() {}

    static List<View.Nav> of(Role role) {
        return switch (role) {
            case PARTNER ->
                List.of(
                        new View.Nav("/send", "nav.send"),
                        new View.Nav("/sent", "nav.sent"),
                        new View.Nav("/received", "nav.received"),
                        new View.Nav("/folders", "nav.folders"),
                        new View.Nav("/search", "nav.search"));
            case STAFF ->
                List.of(
                        new View.Nav("/inbox", "nav.inbox"),
                        new View.Nav("/send", "nav.send"),
                        new View.Nav("/sent", "nav.sent"),
                        new View.Nav("/approvals", "nav.approvals"),
                        new View.Nav("/originals", "nav.originals"),
                        new View.Nav("/folders", "nav.folders"),
                        new View.Nav("/search", "nav.search"));
            case MYNUMBER -> List.of(new View.Nav("/received", "nav.received"), new View.Nav("/search", "nav.search"));
            case OFFICER ->
                List.of(
                        new View.Nav("/dashboard", "nav.dashboard"),
                        new View.Nav("/report", "nav.report"),
                        new View.Nav("/audit", "nav.audit"),
                        new View.Nav("/quarantine", "nav.quarantine"),
                        new View.Nav("/approvals", "nav.approvals"),
                        new View.Nav("/originals", "nav.originals"),
                        new View.Nav("/home", "nav.home"));
            case ADMIN ->
                List.of(
                        new View.Nav("/admin/users", "nav.users"),
                        new View.Nav("/admin/departments", "nav.departments"),
                        new View.Nav("/admin/health", "nav.health"),
                        new View.Nav("/admin/policy", "nav.policy"),
                        new View.Nav("/home", "nav.home"));
        };
    }

    static String home(Role role) {
        return of(role).get(0).path();
    }
}
