package jp.kakehashi.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.AccountView;
import jp.kakehashi.web.port.Issuance;
import jp.kakehashi.web.port.NewAccount;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * The administrators' pages (システム管理): accounts with invitations, password links,
 * disabling and authenticator resets, and the appliance's health. A change that takes a
 * person's access away also ends their portal sessions at once.
 */
final class AdminRoutes {
    private final Ports ports;
    private final Sessions sessions;

    AdminRoutes(Ports ports, Sessions sessions) {
        this.ports = ports;
        this.sessions = sessions;
    }

    List<Route> routes() {
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> admins = EnumSet.of(Role.ADMIN);
        return List.of(
                new Route("GET", "/admin/users", lgwan, Route.Access.SIGNED_IN, admins, this::users),
                new Route("POST", "/admin/users", lgwan, Route.Access.SIGNED_IN, admins, this::invite),
                new Route("GET", "/admin/users/{name}", lgwan, Route.Access.SIGNED_IN, admins, this::user),
                new Route(
                        "POST", "/admin/users/{name}/password", lgwan, Route.Access.SIGNED_IN, admins, this::password),
                new Route("POST", "/admin/users/{name}/disable", lgwan, Route.Access.SIGNED_IN, admins, this::disable),
                new Route("POST", "/admin/users/{name}/enable", lgwan, Route.Access.SIGNED_IN, admins, this::enable),
                new Route("POST", "/admin/users/{name}/totp", lgwan, Route.Access.SIGNED_IN, admins, this::resetTotp),
                new Route("GET", "/admin/health", lgwan, Route.Access.SIGNED_IN, admins, this::health),
                new Route("GET", "/admin/departments", lgwan, Route.Access.SIGNED_IN, admins, this::departments),
                new Route("POST", "/admin/departments", lgwan, Route.Access.SIGNED_IN, admins, this::addDepartment),
                new Route(
                        "POST",
                        "/admin/departments/{id}/partners",
                        lgwan,
                        Route.Access.SIGNED_IN,
                        admins,
                        this::linkPartner),
                new Route(
                        "POST",
                        "/admin/organisations/{id}/name",
                        lgwan,
                        Route.Access.SIGNED_IN,
                        admins,
                        this::nameOrganisation),
                new Route(
                        "POST",
                        "/admin/departments/{id}/reception",
                        lgwan,
                        Route.Access.SIGNED_IN,
                        admins,
                        this::reception));
    }

    private void users(Exchange x) {
        usersPage(x, 200, "");
    }

    /** The accounts, and the invitation form offering the departments and partner organisations by name. */
    private void usersPage(Exchange x, int status, String error) {
        x.html(
                status,
                Pages.adminUsers(
                        x.view(),
                        ports.administration().accounts(),
                        ports.administration().departments(),
                        ports.administration().partnerOrganisations(),
                        error));
    }

    private void invite(Exchange x) {
        Optional<Role> role = role(x.field("role"));
        if (role.isEmpty()) {
            usersPage(x, 400, x.text().get("admin.badrole"));
            return;
        }
        List<String> groups = new ArrayList<>();
        for (String g : x.field("groups").split("[\\s,、]+")) {
            if (!g.isBlank()) {
                groups.add(g.strip());
            }
        }
        NewAccount account = new NewAccount(
                x.field("name").strip(),
                role.get(),
                x.field("organisation").strip(),
                groups,
                x.field("display").strip(),
                x.field("email").strip());
        issued(x, ports.administration().invite(x.user(), account), true);
    }

    private void user(Exchange x) {
        Optional<AccountView> a = ports.administration().account(x.param("name"));
        if (a.isEmpty()) {
            notFound(x);
            return;
        }
        String done = x.query("done");
        String notice = done.matches("disabled|enabled|totp") ? x.text().get("admin.done." + done) : "";
        x.html(200, Pages.adminUser(x.view(), a.get(), notice, ""));
    }

    private void password(Exchange x) {
        if (ports.administration().account(x.param("name")).isEmpty()) {
            notFound(x);
            return;
        }
        issued(x, ports.administration().resetPassword(x.user(), x.param("name")), false);
    }

    private void disable(Exchange x) {
        change(x, ports.administration().setEnabled(x.user(), x.param("name"), false), "disabled", true);
    }

    private void enable(Exchange x) {
        change(x, ports.administration().setEnabled(x.user(), x.param("name"), true), "enabled", false);
    }

    private void resetTotp(Exchange x) {
        change(x, ports.administration().resetSecondFactor(x.user(), x.param("name")), "totp", true);
    }

    private void health(Exchange x) {
        x.html(200, Pages.adminHealth(x.view(), ports.administration().health()));
    }

    private void departments(Exchange x) {
        String done = x.query("done");
        String notice =
                done.matches("added|linked|unlinked|reception|named") ? x.text().get("departments.done." + done) : "";
        departmentsPage(x, 200, notice, "");
    }

    private void departmentsPage(Exchange x, int status, String notice, String error) {
        x.html(
                status,
                Pages.adminDepartments(
                        x.view(),
                        ports.administration().departments(),
                        ports.administration().partnerOrganisations(),
                        notice,
                        error));
    }

    private void addDepartment(Exchange x) {
        departmentChanged(
                x, ports.administration().addDepartment(x.user(), x.field("id").strip(), x.field("name")), "added");
    }

    private void linkPartner(Exchange x) {
        boolean link = !x.field("action").equals("unlink");
        departmentChanged(
                x,
                ports.administration()
                        .linkPartner(
                                x.user(), x.param("id"), x.field("organisation").strip(), link),
                link ? "linked" : "unlinked");
    }

    private void reception(Exchange x) {
        departmentChanged(x, ports.administration().makeReception(x.user(), x.param("id")), "reception");
    }

    private void nameOrganisation(Exchange x) {
        departmentChanged(
                x, ports.administration().nameOrganisation(x.user(), x.param("id"), x.field("name")), "named");
    }

    private void departmentChanged(Exchange x, Verdict verdict, String done) {
        switch (verdict) {
            case Verdict.Refused r ->
                departmentsPage(x.refusing(r.code()), 400, "", x.view().english() ? r.en() : r.ja());
            case Verdict.Accepted ok -> x.redirect("/admin/departments?done=" + done);
        }
    }

    private void change(Exchange x, Verdict verdict, String done, boolean endsSessions) {
        String name = x.param("name");
        Optional<AccountView> a = ports.administration().account(name);
        if (a.isEmpty()) {
            notFound(x);
            return;
        }
        switch (verdict) {
            case Verdict.Refused r ->
                x.refusing(r.code())
                        .html(
                                409,
                                Pages.adminUser(x.view(), a.get(), "", x.view().english() ? r.en() : r.ja()));
            case Verdict.Accepted ok -> {
                if (endsSessions) {
                    sessions.endAll(name);
                }
                x.redirect("/admin/users/" + name + "?done=" + done);
            }
        }
    }

    private void issued(Exchange x, Issuance issuance, boolean invitation) {
        switch (issuance) {
            case Issuance.Refused r -> {
                String why = x.view().english() ? r.en() : r.ja();
                usersPage(x, 400, why);
            }
            case Issuance.Issued link -> {
                if (!invitation) {
                    sessions.endAll(link.account());
                }
                x.html(200, Pages.adminLink(x.view(), link, invitation));
            }
        }
    }

    private static Optional<Role> role(String word) {
        for (Role r : Role.values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static void notFound(Exchange x) {
        x.html(404, Pages.error(x.view(), x.text().get("error.title"), x.text().get("admin.nouser")));
    }
}
