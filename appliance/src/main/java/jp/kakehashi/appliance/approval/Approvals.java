package jp.kakehashi.appliance.approval;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Approval;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.RuleId;
import org.slf4j.LoggerFactory;

/**
 * The approval workflow. Every change is one unit of work with its audit
 * records (queued in the outbox), so the command line beside a running appliance can decide
 * requests and the appliance picks the result up: an item whose requests are all approved
 * becomes ready for the pipeline again ({@link Items#due}).
 *
 * <p>Who may decide a request:
 *
 * <ul>
 *   <li>an enabled staff member or security officer (administrators run the system, they do not
 *       judge its content), never the item's sender;
 *   <li>named by the request's approver patterns, and a security officer for a request of kind
 *       {@code security-officer}; after the deadline (escalation) any security officer too;
 *   <li>or acting for such a person under a delegation in force (代理承認), as long as that person
 *       is not the sender either;
 *   <li>two-person approval needs two people who share neither approver nor principal.
 * </ul>
 *
 * <p>A request expires at twice its deadline: the item is then rejected, and the sender may send
 * it again.
 *
 * <p>The rules only: requests, votes and delegations are {@link ApprovalStore}'s. Over 400 lines
 * because who may decide, and what a decision ends, read best beside each other.
 */
public final class Approvals {
    /** The longest a delegation may run; a longer absence is a change of post, not a delegation. */
    public static final Duration MAX_DELEGATION = Duration.ofDays(90);

    private static final String SYSTEM = "system";
    /** What an original request's approval cites instead of policy rule ids: the policy's own section. */
    public static final String ORIGINALS_RULE = "policy:originals";

    private final Transactions db;
    private final ApprovalStore store;
    private final Items items;
    private final Accounts accounts;
    private final WhoDecides whoDecides;
    private final Clock clock;

    public Approvals(Transactions db, ApprovalStore store, Items items, Accounts accounts, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.items = requireNonNull(items, "items");
        this.accounts = requireNonNull(accounts, "accounts");
        this.whoDecides = new WhoDecides(store, items, accounts);
        this.clock = requireNonNull(clock, "clock");
    }

    /** What a periodic {@link #sweep} did. */
    public record Sweep(int escalated, int expired) {}

    /**
     * Opens one request per approval the decision names, bound to the item's rendition, and holds
     * the item ({@code SANITIZED → AWAITING_APPROVAL}) in the same transaction. Opening again for
     * the same item (a resumed step) adds nothing. Returns false when the item had already moved.
     *
     * @param findings what the approver should see first (masked DLP findings, removals), as JSON
     */
    public boolean open(TransferItem item, Decision.NeedsApproval decision, String findings) {
        if (item.renditionSha256().isEmpty()) {
            throw new IllegalStateException("item " + item.id() + " has no rendition to approve");
        }
        Instant now = Instant.now(clock);
        String rules =
                String.join(",", decision.rules().stream().map(RuleId::value).toList());
        return db.writing(tx -> {
            List<Approval> approvals = decision.approvals();
            for (int seq = 0; seq < approvals.size(); seq++) {
                openRequest(
                        tx,
                        item.id(),
                        seq,
                        approvals.get(seq),
                        rules,
                        item.renditionSha256(),
                        findings,
                        Optional.empty(),
                        now);
            }
            return items.advanceIn(
                    tx, item.id(), ItemState.SANITIZED, ItemState.AWAITING_APPROVAL, new StepFacts.Awaiting(rules));
        });
    }

    /**
     * Opens the request for a 原本取り出し (taking out an original), inside the caller's unit of
     * work: bound to the original's hash, decided like any other request, except that the person
     * who asked may not decide it. Its outcome does not touch the item; the original-release job
     * reads it.
     *
     * @return the new request's id
     */
    public long openForOriginal(
            Tx tx, long originalRequest, TransferItem item, Approval approval, String findings, Instant now) {
        return openRequest(
                        tx,
                        item.id(),
                        store.nextSeq(tx, item.id()),
                        approval,
                        ORIGINALS_RULE,
                        item.sha256(),
                        findings,
                        Optional.of(originalRequest),
                        now)
                .orElseThrow();
    }

    /**
     * Stores one pending request and audits it; nothing when the item already has a request with
     * that number (a resumed step).
     *
     * @return the new request's id, if one was stored
     */
    private Optional<Long> openRequest(
            Tx tx,
            String itemId,
            int seq,
            Approval a,
            String rules,
            String sha256,
            String findings,
            Optional<Long> originalRequest,
            Instant now) {
        Optional<Long> stored = store.insertRequest(
                tx,
                new ApprovalStore.NewRequest(
                        itemId,
                        seq,
                        a.kind(),
                        a.approvers(),
                        rules,
                        sha256,
                        findings,
                        originalRequest,
                        now,
                        now.plus(a.deadline()),
                        now.plus(a.deadline().multipliedBy(2))));
        if (stored.isEmpty()) {
            return stored;
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("request", String.valueOf(stored.get()));
        originalRequest.ifPresent(o -> data.put("originalRequest", String.valueOf(o)));
        data.put("kind", a.kind().word());
        data.put("approvers", String.join(",", a.approvers()));
        data.put("rules", rules);
        data.put("sha256", sha256);
        data.put("escalateAt", now.plus(a.deadline()).toString());
        AuditOutbox.enqueue(tx, new AuditEvent(AuditType.APPROVAL_REQUESTED, SYSTEM, "", itemId, data));
        return stored;
    }

    /** Every request deciding one original request, inside the caller's unit of work. */
    public List<ApprovalRequest> forOriginalIn(Tx tx, long originalRequest) {
        return store.forOriginal(tx, originalRequest);
    }

    /** Voids the undecided requests of an original request that ended otherwise (its original was erased). */
    public void voidForOriginalIn(Tx tx, long originalRequest, String itemId, String because, Instant now) {
        for (ApprovalRequest r : store.forOriginal(tx, originalRequest)) {
            if (r.state() != ApprovalState.PENDING) {
                continue;
            }
            store.setState(tx, r.id(), ApprovalState.VOID, now);
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.APPROVAL_VOIDED,
                            SYSTEM,
                            "",
                            itemId,
                            Map.of("request", String.valueOf(r.id()), "because", because)));
        }
    }

    /**
     * Approves a request as {@code actor}. Returns the request as it now is: {@code APPROVED} once
     * as many different people as its kind needs have approved.
     *
     * @param reviewedSha256 the hash of the rendition the approver looked at, when they give it: a
     *     different one is refused, so nobody approves bytes they have not seen
     * @throws ApprovalRefused with the reason, when the approval does not count
     */
    public ApprovalRequest approve(long id, String actor, Optional<String> reviewedSha256, String comment) {
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            ApprovalRequest r = pendingRequest(tx, id, now);
            if (reviewedSha256.isPresent() && !reviewedSha256.get().equalsIgnoreCase(r.sha256())) {
                throw new ApprovalRefused(
                        ApprovalRefused.Reason.CHANGED_SINCE_REVIEW,
                        "reviewed " + reviewedSha256.get() + ", request is for " + r.sha256());
            }
            String principal = whoDecides.principalFor(tx, r, actor, now);
            store.insertVote(tx, id, new Vote(actor, principal, true, comment, r.sha256(), now));
            boolean complete = r.approvals() + 1 >= r.kind().approversNeeded();
            if (complete) {
                store.setState(tx, id, ApprovalState.APPROVED, now);
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("request", String.valueOf(id));
            data.put("kind", r.kind().word());
            data.put("principal", principal);
            data.put("comment", comment);
            data.put("sha256", r.sha256());
            data.put("complete", String.valueOf(complete));
            AuditOutbox.enqueue(tx, new AuditEvent(AuditType.APPROVAL_GIVEN, actor, "lgwan", r.item(), data));
            return store.request(tx, id).orElseThrow();
        });
    }

    /**
     * Rejects a request as {@code actor} with the reason they give: the item is rejected and never
     * published, and its other requests become void.
     */
    public ApprovalRequest reject(long id, String actor, String comment) {
        if (comment.isBlank()) {
            throw new ApprovalRefused(ApprovalRefused.Reason.COMMENT_REQUIRED, "");
        }
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            ApprovalRequest r = pendingRequest(tx, id, now);
            String principal = whoDecides.principalFor(tx, r, actor, now);
            store.insertVote(tx, id, new Vote(actor, principal, false, comment, r.sha256(), now));
            store.setState(tx, id, ApprovalState.REJECTED, now);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("request", String.valueOf(id));
            data.put("kind", r.kind().word());
            data.put("principal", principal);
            data.put("comment", comment);
            data.put("sha256", r.sha256());
            AuditOutbox.enqueue(tx, new AuditEvent(AuditType.APPROVAL_REJECTED, actor, "lgwan", r.item(), data));
            end(tx, r, RejectionReason.APPROVAL_REJECTED, comment, actor, now);
            return store.request(tx, id).orElseThrow();
        });
    }

    /**
     * Escalates requests past their deadline (the security officers may then decide them too) and
     * expires those past twice their deadline, rejecting their items.
     */
    /** {@link #sweep}, logging what moved: the scheduled job's step. */
    public void sweepAndLog() {
        Sweep sweep = sweep();
        if (sweep.expired() > 0 || sweep.escalated() > 0) {
            LoggerFactory.getLogger(Approvals.class)
                    .info(
                            "approvals: {} escalated to the security officers, {} expired (items rejected)",
                            sweep.escalated(),
                            sweep.expired());
        }
    }

    public Sweep sweep() {
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            int escalated = 0;
            int expired = 0;
            for (ApprovalRequest r : store.pending(tx)) {
                // An earlier expiry in this sweep may have voided this request already.
                if (store.request(tx, r.id()).map(ApprovalRequest::state).orElse(null) != ApprovalState.PENDING) {
                    continue;
                }
                if (!now.isBefore(r.expiresAt())) {
                    store.setState(tx, r.id(), ApprovalState.EXPIRED, now);
                    AuditOutbox.enqueue(
                            tx,
                            new AuditEvent(
                                    AuditType.APPROVAL_EXPIRED,
                                    SYSTEM,
                                    "",
                                    r.item(),
                                    Map.of(
                                            "request",
                                            String.valueOf(r.id()),
                                            "expiresAt",
                                            r.expiresAt().toString())));
                    end(tx, r, RejectionReason.APPROVAL_EXPIRED, "no decision before " + r.expiresAt(), SYSTEM, now);
                    expired++;
                } else if (!r.escalated() && !now.isBefore(r.escalateAt())) {
                    store.markEscalated(tx, r.id());
                    AuditOutbox.enqueue(
                            tx,
                            new AuditEvent(
                                    AuditType.APPROVAL_ESCALATED,
                                    SYSTEM,
                                    "",
                                    r.item(),
                                    Map.of(
                                            "request", String.valueOf(r.id()),
                                            "escalateAt", r.escalateAt().toString(),
                                            "to", "role:officer")));
                    escalated++;
                }
            }
            return new Sweep(escalated, expired);
        });
    }

    /**
     * Voids every request of an item whose rendition is no longer the one approved, and rejects
     * the item: an approval is for exact bytes.
     */
    public void voidFor(String itemId, String detail) {
        Instant now = Instant.now(clock);
        db.writing(tx -> {
            String rules = "";
            for (ApprovalRequest r : store.forItem(tx, itemId)) {
                rules = r.rules();
            }
            endItem(tx, itemId, RejectionReason.APPROVAL_VOID, detail, rules, SYSTEM, now);
            return Boolean.TRUE;
        });
    }

    /**
     * Grants a delegation: {@code delegate} may approve what {@code principal} may, from
     * {@code startsAt} until {@code endsAt} (at most {@link #MAX_DELEGATION}).
     */
    public Delegation delegate(
            String principal, String delegate, Instant startsAt, Instant endsAt, String reason, String actor) {
        if (principal.equals(delegate)) {
            throw new ApprovalRefused(ApprovalRefused.Reason.BAD_DELEGATION, "principal and delegate are the same");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new ApprovalRefused(ApprovalRefused.Reason.BAD_DELEGATION, "it must end after it starts");
        }
        if (Duration.between(startsAt, endsAt).compareTo(MAX_DELEGATION) > 0) {
            throw new ApprovalRefused(
                    ApprovalRefused.Reason.BAD_DELEGATION, "at most " + MAX_DELEGATION.toDays() + " days");
        }
        if (reason.isBlank()) {
            throw new ApprovalRefused(ApprovalRefused.Reason.BAD_DELEGATION, "give a reason (e.g. 出張, 休暇)");
        }
        return db.writing(tx -> {
            for (String name : List.of(principal, delegate)) {
                Account a = accounts.findIn(tx, name)
                        .orElseThrow(() -> new ApprovalRefused(ApprovalRefused.Reason.NO_SUCH_ACCOUNT, name));
                if (!WhoDecides.approverRole(a.role())) {
                    throw new ApprovalRefused(
                            ApprovalRefused.Reason.NOT_STAFF,
                            name + " is " + a.role().word());
                }
            }
            Delegation d = store.insertDelegation(
                    tx, new ApprovalStore.NewDelegation(principal, delegate, startsAt, endsAt, reason));
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.DELEGATION_GRANTED,
                            actor,
                            "",
                            "",
                            Map.of(
                                    "delegation",
                                    String.valueOf(d.id()),
                                    "principal",
                                    principal,
                                    "delegate",
                                    delegate,
                                    "startsAt",
                                    startsAt.toString(),
                                    "endsAt",
                                    endsAt.toString(),
                                    "reason",
                                    reason)));
            return d;
        });
    }

    /** Ends a delegation now. */
    public void revoke(long delegation, String actor) {
        Instant now = Instant.now(clock);
        db.writing(tx -> {
            if (!store.revokeDelegation(tx, delegation, now)) {
                throw new ApprovalRefused(
                        ApprovalRefused.Reason.BAD_DELEGATION, "no delegation " + delegation + " in force");
            }
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.DELEGATION_REVOKED,
                            actor,
                            "",
                            "",
                            Map.of("delegation", String.valueOf(delegation))));
            return Boolean.TRUE;
        });
    }

    /** Delegations not yet ended or revoked, oldest first. */
    public List<Delegation> delegations() {
        Instant now = Instant.now(clock);
        return db.reading(tx -> store.unrevokedDelegations(tx, Optional.empty()).stream()
                .filter(d -> now.isBefore(d.endsAt()))
                .toList());
    }

    public Optional<ApprovalRequest> find(long id) {
        return db.reading(tx -> store.request(tx, id));
    }

    /** Every request for an item's release, in the order its decision listed them (requests for its original left out). */
    public List<ApprovalRequest> forItem(String itemId) {
        return db.reading(tx -> store.forItem(tx, itemId));
    }

    /** Every request deciding one request for an original. */
    public List<ApprovalRequest> forOriginal(long originalRequest) {
        return db.reading(tx -> store.forOriginal(tx, originalRequest));
    }

    /** How many requests made in {@code [from, to)} are in each state, for the statistics. */
    public Map<ApprovalState, Long> countsRequestedBetween(Instant from, Instant to) {
        return db.reading(tx -> store.countsRequestedBetween(tx, from, to));
    }

    /** Requests nobody has decided yet, oldest first. */
    public List<ApprovalRequest> pending() {
        return db.reading(store::pending);
    }

    /** The requests {@code actor} decided (voted on), the {@code limit} most recent first, with their votes. */
    public List<ApprovalRequest> decidedBy(String actor, int limit) {
        List<ApprovalRequest> decided = new ArrayList<>(db.reading(tx -> store.votedOnBy(tx, actor, limit)));
        decided.sort(Comparator.comparing((ApprovalRequest r) -> r.votes().stream()
                        .filter(v -> v.approver().equals(actor))
                        .map(Vote::at)
                        .max(Comparator.naturalOrder())
                        .orElse(r.requestedAt()))
                .reversed());
        return decided;
    }

    /** Of {@code candidates}, those who may decide the pending request now, inside the caller's unit of work (whom to tell of it). */
    public List<String> mayDecideIn(Tx tx, ApprovalRequest r, Collection<String> candidates, Instant now) {
        List<String> out = new ArrayList<>();
        for (String name : candidates) {
            try {
                whoDecides.principalFor(tx, r, name, now);
                out.add(name);
            } catch (ApprovalRefused notTheirs) {
                // Not theirs to decide: they are not told.
            }
        }
        return out;
    }

    /** Pending requests {@code actor} may decide now (their queue, 承認待ち一覧). */
    public List<ApprovalRequest> decidableBy(String actor) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> {
            List<ApprovalRequest> mine = new ArrayList<>();
            for (ApprovalRequest r : store.pending(tx)) {
                try {
                    whoDecides.principalFor(tx, r, actor, now);
                    mine.add(r);
                } catch (ApprovalRefused notMine) {
                    // Not theirs to decide; the queue simply leaves it out.
                }
            }
            return mine;
        });
    }

    private ApprovalRequest pendingRequest(Tx tx, long id, Instant now) {
        ApprovalRequest r = store.request(tx, id)
                .orElseThrow(() -> new ApprovalRefused(ApprovalRefused.Reason.NO_SUCH_REQUEST, "#" + id));
        if (r.state() != ApprovalState.PENDING) {
            throw new ApprovalRefused(
                    ApprovalRefused.Reason.NOT_PENDING,
                    "#" + id + " is " + r.state().word());
        }
        if (!now.isBefore(r.expiresAt())) {
            throw new ApprovalRefused(ApprovalRefused.Reason.NOT_PENDING, "#" + id + " expired at " + r.expiresAt());
        }
        return r;
    }

    /**
     * A rejected or expired request ends what it decides: the item's release (see {@link
     * #endItem}), or an original request, whose other requests become void here and which the
     * original-release job then refuses.
     */
    private void end(Tx tx, ApprovalRequest r, RejectionReason code, String detail, String actor, Instant now) {
        if (r.originalRequest().isEmpty()) {
            endItem(tx, r.item(), code, detail, r.rules(), actor, now);
            return;
        }
        for (ApprovalRequest other : store.forOriginal(tx, r.originalRequest().get())) {
            voidIfStanding(tx, other, r.item(), code, actor, now);
        }
    }

    /**
     * Rejects the held item and voids its other requests, approved ones included: an approval given
     * for an item that will never be released (or for bytes that changed) must not count again.
     */
    private void endItem(
            Tx tx, String itemId, RejectionReason code, String detail, String rules, String actor, Instant now) {
        for (ApprovalRequest other : store.forItem(tx, itemId)) {
            voidIfStanding(tx, other, itemId, code, actor, now);
        }
        if (items.advanceIn(
                tx,
                itemId,
                ItemState.AWAITING_APPROVAL,
                ItemState.REJECTED,
                new StepFacts.Stopped(code.name(), detail, rules))) {
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.ITEM_REJECTED,
                            actor,
                            "",
                            itemId,
                            Map.of(
                                    "reason",
                                    code.name(),
                                    "detail",
                                    detail,
                                    "rules",
                                    rules,
                                    "from",
                                    "AWAITING_APPROVAL")));
        }
    }

    /** Voids a request that still counts (pending or approved); a decided-against or ended one stays as it is. */
    private void voidIfStanding(
            Tx tx, ApprovalRequest r, String itemId, RejectionReason code, String actor, Instant now) {
        if (r.state() != ApprovalState.PENDING && r.state() != ApprovalState.APPROVED) {
            return;
        }
        store.setState(tx, r.id(), ApprovalState.VOID, now);
        AuditOutbox.enqueue(
                tx,
                new AuditEvent(
                        AuditType.APPROVAL_VOIDED,
                        actor,
                        "",
                        itemId,
                        Map.of("request", String.valueOf(r.id()), "because", code.name())));
    }
}
