package jp.kakehashi.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.pages.PolicyForm;
import jp.kakehashi.web.port.PolicyText;
import jp.kakehashi.web.port.PolicyVersionView;
import jp.kakehashi.web.port.Proposal;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * The administrators' policy pages (ポリシー管理): the policy in force and its versions, a lint
 * that records nothing, reading the configured file again, and the four-eyes change. A text that
 * is refused comes back in the editor as it was typed.
 */
final class PolicyRoutes {
    /**
     * A policy text is at most a million characters (the appliance refuses more); url-encoded
     * Japanese takes up to nine bytes a character, and policies are mostly ASCII.
     */
    static final int POLICY_FORM_BYTES = 4 * 1024 * 1024;

    private final Ports ports;

    PolicyRoutes(Ports ports) {
        this.ports = ports;
    }

    List<Route> routes() {
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> admins = EnumSet.of(Role.ADMIN);
        Route.Access in = Route.Access.SIGNED_IN;
        return List.of(
                new Route("GET", "/admin/policy", lgwan, in, admins, this::page),
                new Route("POST", "/admin/policy/lint", lgwan, in, admins, this::lint, POLICY_FORM_BYTES),
                new Route("POST", "/admin/policy/versions", lgwan, in, admins, this::propose, POLICY_FORM_BYTES),
                new Route("GET", "/admin/policy/versions/{id}", lgwan, in, admins, this::version),
                new Route("POST", "/admin/policy/versions/{id}/confirm", lgwan, in, admins, this::confirm));
    }

    private void page(Exchange x) {
        PolicyForm form;
        if (x.query("from").equals("file")) {
            PolicyText file = ports.policies().configuredFile();
            Optional<String> broken = ports.policies().lint(file.text());
            if (!file.problem().isEmpty()) {
                form = new PolicyForm(file.text(), "", PolicyForm.Outcome.REFUSED, file.problem());
            } else if (broken.isPresent()) {
                form = new PolicyForm(file.text(), "", PolicyForm.Outcome.BROKEN, broken.get());
            } else {
                form = new PolicyForm(file.text(), "", PolicyForm.Outcome.RELOADED, "");
            }
        } else {
            form = new PolicyForm(ports.policies().inForce().text(), "", PolicyForm.Outcome.NONE, "");
        }
        render(x, 200, form);
    }

    private void lint(Exchange x) {
        String text = x.field("text");
        Optional<String> broken = ports.policies().lint(text);
        PolicyForm form = broken.map(e -> new PolicyForm(text, x.field("reason"), PolicyForm.Outcome.BROKEN, e))
                .orElseGet(() -> new PolicyForm(text, x.field("reason"), PolicyForm.Outcome.CLEAN, ""));
        render(x, broken.isPresent() ? 422 : 200, form);
    }

    private void propose(Exchange x) {
        String text = x.field("text");
        String reason = x.field("reason");
        switch (ports.policies().propose(x.user(), text, reason)) {
            case Proposal.Proposed p -> x.redirect("/admin/policy/versions/" + p.id() + "?done=proposed");
            case Proposal.Refused r -> {
                String why = x.view().english() ? r.en() : r.ja();
                PolicyForm form = r.detail().isEmpty()
                        ? new PolicyForm(text, reason, PolicyForm.Outcome.REFUSED, why)
                        : new PolicyForm(text, reason, PolicyForm.Outcome.BROKEN, r.detail());
                render(x, 422, form);
            }
        }
    }

    private void version(Exchange x) {
        Optional<PolicyVersionView> v = find(x);
        if (v.isEmpty()) {
            notFound(x);
            return;
        }
        String done = x.query("done");
        String notice = done.matches("proposed|confirmed") ? x.text().get("policy." + done + "ok") : "";
        x.html(200, Pages.adminPolicyVersion(x.view(), v.get(), isProposer(x, v.get()), notice, ""));
    }

    private void confirm(Exchange x) {
        Optional<PolicyVersionView> v = find(x);
        if (v.isEmpty()) {
            notFound(x);
            return;
        }
        switch (ports.policies().confirm(x.user(), v.get().id(), x.field("sha256"))) {
            case Verdict.Accepted a ->
                x.redirect("/admin/policy/versions/" + v.get().id() + "?done=confirmed");
            case Verdict.Refused r ->
                x.html(
                        409,
                        Pages.adminPolicyVersion(
                                x.view(),
                                v.get(),
                                isProposer(x, v.get()),
                                "",
                                x.view().english() ? r.en() : r.ja()));
        }
    }

    private void render(Exchange x, int status, PolicyForm form) {
        x.html(
                status,
                Pages.adminPolicy(
                        x.view(), ports.policies().inForce(), ports.policies().versions(), form));
    }

    private Optional<PolicyVersionView> find(Exchange x) {
        return x.number("id").flatMap(ports.policies()::version);
    }

    private static boolean isProposer(Exchange x, PolicyVersionView v) {
        return v.proposedBy().equals(x.user().name());
    }

    private static void notFound(Exchange x) {
        x.html(404, Pages.error(x.view(), x.text().get("error.title"), x.text().get("policy.noversion")));
    }
}
