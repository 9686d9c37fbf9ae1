package jp.kakehashi.appliance.approval;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.ApprovalKind;
import jp.kakehashi.policies.Party;
import org.jspecify.annotations.Nullable;

/**
 * Who may decide an approval request, and for whom (the rules listed on {@link Approvals}), worked
 * out inside the caller's {@link Tx} from the accounts, their groups and the delegations as they
 * are at that moment.
 */
final class WhoDecides {
    private final ApprovalStore store;
    private final Items items;
    private final Accounts accounts;

    WhoDecides(ApprovalStore store, Items items, Accounts accounts) {
        this.store = requireNonNull(store, "store");
        this.items = requireNonNull(items, "items");
        this.accounts = requireNonNull(accounts, "accounts");
    }

    /**
     * Whom {@code actorName} acts for on this request: themselves, or the person who delegated to
     * them. Refuses with the reason when they may not decide it.
     */
    String principalFor(Tx tx, ApprovalRequest r, String actorName, Instant now) {
        Account actor = accounts.findIn(tx, actorName)
                .orElseThrow(() -> new ApprovalRefused(ApprovalRefused.Reason.NO_SUCH_ACCOUNT, actorName));
        if (actor.disabled()) {
            throw new ApprovalRefused(ApprovalRefused.Reason.ACCOUNT_DISABLED, actorName);
        }
        if (!approverRole(actor.role())) {
            throw new ApprovalRefused(
                    ApprovalRefused.Reason.NOT_STAFF,
                    actorName + " is " + actor.role().word());
        }
        // The person the decision is for: the sender of the file, or whoever asked for its original.
        String sender = r.originalRequest().isPresent()
                ? requesterOf(tx, r.originalRequest().get())
                : items.findIn(tx, r.item()).orElseThrow().sender();
        if (actor.name().equals(sender)) {
            throw new ApprovalRefused(
                    r.originalRequest().isPresent()
                            ? ApprovalRefused.Reason.OWN_REQUEST
                            : ApprovalRefused.Reason.OWN_FILE,
                    actorName);
        }
        boolean escalated = r.escalated() || !now.isBefore(r.escalateAt());
        @Nullable String principal = null;
        if (mayDecide(tx, r, actor, escalated)) {
            principal = actor.name();
        } else {
            for (Delegation d : store.unrevokedDelegations(tx, Optional.of(actor.name()))) {
                if (!d.activeAt(now) || d.principal().equals(sender)) {
                    continue;
                }
                Optional<Account> p = accounts.findIn(tx, d.principal());
                if (p.isPresent() && !p.get().disabled() && mayDecide(tx, r, p.get(), escalated)) {
                    principal = p.get().name();
                    break;
                }
            }
        }
        if (principal == null) {
            throw new ApprovalRefused(
                    ApprovalRefused.Reason.NOT_AN_APPROVER,
                    r.kind().word() + ": " + String.join(", ", r.approvers()) + (escalated ? ", role:officer" : ""));
        }
        for (Vote v : r.votes()) {
            if (v.sharesPersonWith(actor.name(), principal)) {
                throw new ApprovalRefused(
                        v.approver().equals(actor.name()) && v.principal().equals(principal)
                                ? ApprovalRefused.Reason.ALREADY_DECIDED
                                : ApprovalRefused.Reason.SECOND_PERSON_NEEDED,
                        "earlier vote by " + v.approver() + (v.delegated() ? " for " + v.principal() : ""));
            }
        }
        return principal;
    }

    private String requesterOf(Tx tx, long originalRequest) {
        return store.requesterOfOriginal(tx, originalRequest)
                .orElseThrow(
                        () -> new IllegalStateException("approval for a missing original request #" + originalRequest));
    }

    private boolean mayDecide(Tx tx, ApprovalRequest r, Account a, boolean escalated) {
        if (!approverRole(a.role())) {
            return false;
        }
        if (escalated && a.role() == Role.OFFICER) {
            return true;
        }
        if (r.kind() == ApprovalKind.SECURITY_OFFICER && a.role() != Role.OFFICER) {
            return false;
        }
        return new Party(a.name(), accounts.groupsIn(tx, a.name()), a.organisation()).matchesAny(r.approvers());
    }

    static boolean approverRole(Role role) {
        return role == Role.STAFF || role == Role.OFFICER;
    }
}
