package jp.kakehashi.appliance.approval;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Approval;
import jp.kakehashi.policies.ApprovalKind;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Party;
import jp.kakehashi.policies.RuleId;
import org.jspecify.annotations.Nullable;

/**
 * The approval workflow in the metadata store. Every change is one transaction with its audit
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
 * <p>Longer than it should be (over 600 lines): the approval rules, their SQL and their audit records
 * are still together here; the SQL moves behind an approval store port with the other stores (issue
 * 24, then 26).
 */
public final class Approvals {
    /** The longest a delegation may run; a longer absence is a change of post, not a delegation. */
    public static final Duration MAX_DELEGATION = Duration.ofDays(90);

    private static final String SYSTEM = "system";
    /** What an original request's approval cites instead of policy rule ids: the policy's own section. */
    public static final String ORIGINALS_RULE = "policy:originals";

    private final Database db;
    private final Items items;
    private final Clock clock;

    public Approvals(Database db, Items items, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.items = requireNonNull(items, "items");
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
        return db.transaction(c -> {
            List<Approval> approvals = decision.approvals();
            for (int seq = 0; seq < approvals.size(); seq++) {
                insertRequest(
                        c,
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
                    c, item.id(), ItemState.SANITIZED, ItemState.AWAITING_APPROVAL, Map.of("rules", rules));
        });
    }

    /**
     * Opens the request for a 原本取り出し (taking out an original), inside the caller's transaction:
     * bound to the original's hash, decided like any other request, except that the person who
     * asked may not decide it. Its outcome does not touch the item; the original-release job reads
     * it.
     *
     * @return the new request's id
     */
    public long openForOriginal(
            Connection c, long originalRequest, TransferItem item, Approval approval, String findings, Instant now)
            throws SQLException {
        int seq;
        try (PreparedStatement s =
                c.prepareStatement("SELECT COALESCE(MAX(seq), -1) + 1 FROM approval_requests WHERE item = ?")) {
            s.setString(1, item.id());
            ResultSet rs = s.executeQuery();
            rs.next();
            seq = rs.getInt(1);
        }
        return insertRequest(
                        c,
                        item.id(),
                        seq,
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
    private static Optional<Long> insertRequest(
            Connection c,
            String itemId,
            int seq,
            Approval a,
            String rules,
            String sha256,
            String findings,
            Optional<Long> originalRequest,
            Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT OR IGNORE INTO approval_requests (item, seq, kind, approvers, rules, sha256, findings, state,"
                        + " requested_at, escalate_at, expires_at, original_request)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, itemId);
            s.setInt(2, seq);
            s.setString(3, a.kind().word());
            s.setString(4, String.join(",", a.approvers()));
            s.setString(5, rules);
            s.setString(6, sha256);
            s.setString(7, findings);
            s.setString(8, ApprovalState.PENDING.name());
            s.setString(9, now.toString());
            s.setString(10, now.plus(a.deadline()).toString());
            s.setString(11, now.plus(a.deadline().multipliedBy(2)).toString());
            s.setObject(12, originalRequest.orElse(null));
            if (s.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        long id = lastId(c);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("request", String.valueOf(id));
        originalRequest.ifPresent(o -> data.put("originalRequest", String.valueOf(o)));
        data.put("kind", a.kind().word());
        data.put("approvers", String.join(",", a.approvers()));
        data.put("rules", rules);
        data.put("sha256", sha256);
        data.put("escalateAt", now.plus(a.deadline()).toString());
        AuditOutbox.enqueue(c, new AuditEvent(AuditType.APPROVAL_REQUESTED, SYSTEM, "", itemId, data));
        return Optional.of(id);
    }

    /** Every request deciding one original request. */
    public static List<ApprovalRequest> forOriginalIn(Connection c, long originalRequest) throws SQLException {
        return readRequests(c, "original_request = ?", List.of(originalRequest));
    }

    /** Voids the undecided requests of an original request that ended otherwise (its original was erased). */
    public static void voidForOriginalIn(Connection c, long originalRequest, String itemId, String because, Instant now)
            throws SQLException {
        for (ApprovalRequest r :
                readRequests(c, "original_request = ? AND state = 'PENDING'", List.of(originalRequest))) {
            setState(c, r.id(), ApprovalState.VOID, now);
            AuditOutbox.enqueue(
                    c,
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
        return db.transaction(c -> {
            ApprovalRequest r = pendingRequest(c, id, now);
            if (reviewedSha256.isPresent() && !reviewedSha256.get().equalsIgnoreCase(r.sha256())) {
                throw new ApprovalRefused(
                        ApprovalRefused.Reason.CHANGED_SINCE_REVIEW,
                        "reviewed " + reviewedSha256.get() + ", request is for " + r.sha256());
            }
            String principal = principalFor(c, r, actor, now);
            insertVote(c, id, actor, principal, true, comment, r.sha256(), now);
            boolean complete = r.approvals() + 1 >= r.kind().approversNeeded();
            if (complete) {
                setState(c, id, ApprovalState.APPROVED, now);
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("request", String.valueOf(id));
            data.put("kind", r.kind().word());
            data.put("principal", principal);
            data.put("comment", comment);
            data.put("sha256", r.sha256());
            data.put("complete", String.valueOf(complete));
            AuditOutbox.enqueue(c, new AuditEvent(AuditType.APPROVAL_GIVEN, actor, "lgwan", r.item(), data));
            return readRequest(c, id).orElseThrow();
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
        return db.transaction(c -> {
            ApprovalRequest r = pendingRequest(c, id, now);
            String principal = principalFor(c, r, actor, now);
            insertVote(c, id, actor, principal, false, comment, r.sha256(), now);
            setState(c, id, ApprovalState.REJECTED, now);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("request", String.valueOf(id));
            data.put("kind", r.kind().word());
            data.put("principal", principal);
            data.put("comment", comment);
            data.put("sha256", r.sha256());
            AuditOutbox.enqueue(c, new AuditEvent(AuditType.APPROVAL_REJECTED, actor, "lgwan", r.item(), data));
            end(c, r, RejectionReason.APPROVAL_REJECTED, comment, actor, now);
            return readRequest(c, id).orElseThrow();
        });
    }

    /**
     * Escalates requests past their deadline (the security officers may then decide them too) and
     * expires those past twice their deadline, rejecting their items.
     */
    public Sweep sweep() {
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            int escalated = 0;
            int expired = 0;
            for (ApprovalRequest r : readRequests(c, "state = 'PENDING'", List.of())) {
                // An earlier expiry in this sweep may have voided this request already.
                if (readRequest(c, r.id()).map(ApprovalRequest::state).orElse(null) != ApprovalState.PENDING) {
                    continue;
                }
                if (!now.isBefore(r.expiresAt())) {
                    setState(c, r.id(), ApprovalState.EXPIRED, now);
                    AuditOutbox.enqueue(
                            c,
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
                    end(c, r, RejectionReason.APPROVAL_EXPIRED, "no decision before " + r.expiresAt(), SYSTEM, now);
                    expired++;
                } else if (!r.escalated() && !now.isBefore(r.escalateAt())) {
                    try (PreparedStatement s =
                            c.prepareStatement("UPDATE approval_requests SET escalated = 1 WHERE id = ?")) {
                        s.setLong(1, r.id());
                        s.executeUpdate();
                    }
                    AuditOutbox.enqueue(
                            c,
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
        db.transaction(c -> {
            String rules = "";
            for (ApprovalRequest r : readRequests(c, "item = ? AND original_request IS NULL", List.of(itemId))) {
                rules = r.rules();
            }
            endItem(c, itemId, RejectionReason.APPROVAL_VOID, detail, rules, SYSTEM, now);
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
        return db.transaction(c -> {
            for (String name : List.of(principal, delegate)) {
                Account a = Accounts.findIn(c, name)
                        .orElseThrow(() -> new ApprovalRefused(ApprovalRefused.Reason.NO_SUCH_ACCOUNT, name));
                if (!approverRole(a.role())) {
                    throw new ApprovalRefused(
                            ApprovalRefused.Reason.NOT_STAFF,
                            name + " is " + a.role().word());
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO delegations (principal, delegate, starts_at, ends_at, reason) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, principal);
                s.setString(2, delegate);
                s.setString(3, startsAt.toString());
                s.setString(4, endsAt.toString());
                s.setString(5, reason);
                s.executeUpdate();
            }
            long id = lastId(c);
            AuditOutbox.enqueue(
                    c,
                    new AuditEvent(
                            AuditType.DELEGATION_GRANTED,
                            actor,
                            "",
                            "",
                            Map.of(
                                    "delegation",
                                    String.valueOf(id),
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
            return new Delegation(id, principal, delegate, startsAt, endsAt, reason, Optional.empty());
        });
    }

    /** Ends a delegation now. */
    public void revoke(long delegation, String actor) {
        Instant now = Instant.now(clock);
        db.transaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE delegations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                s.setString(1, now.toString());
                s.setLong(2, delegation);
                if (s.executeUpdate() != 1) {
                    throw new ApprovalRefused(
                            ApprovalRefused.Reason.BAD_DELEGATION, "no delegation " + delegation + " in force");
                }
            }
            AuditOutbox.enqueue(
                    c,
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
        return db.transaction(c -> readDelegations(c, "revoked_at IS NULL", List.of()).stream()
                .filter(d -> now.isBefore(d.endsAt()))
                .toList());
    }

    public Optional<ApprovalRequest> find(long id) {
        return db.transaction(c -> readRequest(c, id));
    }

    /** Every request for an item's release, in the order its decision listed them (requests for its original left out). */
    public List<ApprovalRequest> forItem(String itemId) {
        return db.transaction(c -> readRequests(c, "item = ? AND original_request IS NULL", List.of(itemId)));
    }

    /** Every request deciding one request for an original. */
    public List<ApprovalRequest> forOriginal(long originalRequest) {
        return db.transaction(c -> forOriginalIn(c, originalRequest));
    }

    /** Requests nobody has decided yet, oldest first. */
    public List<ApprovalRequest> pending() {
        return db.transaction(c -> readRequests(c, "state = 'PENDING'", List.of()));
    }

    /** Pending requests {@code actor} may decide now (their queue, 承認待ち一覧). */
    public List<ApprovalRequest> decidableBy(String actor) {
        Instant now = Instant.now(clock);
        return db.transaction(c -> {
            List<ApprovalRequest> mine = new ArrayList<>();
            for (ApprovalRequest r : readRequests(c, "state = 'PENDING'", List.of())) {
                try {
                    principalFor(c, r, actor, now);
                    mine.add(r);
                } catch (ApprovalRefused notMine) {
                    // Not theirs to decide; the queue simply leaves it out.
                }
            }
            return mine;
        });
    }

    private ApprovalRequest pendingRequest(Connection c, long id, Instant now) throws SQLException {
        ApprovalRequest r = readRequest(c, id)
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
     * Whom {@code actorName} acts for on this request: themselves, or the person who delegated to
     * them. Refuses with the reason when they may not decide it.
     */
    private String principalFor(Connection c, ApprovalRequest r, String actorName, Instant now) throws SQLException {
        Account actor = Accounts.findIn(c, actorName)
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
                ? requesterOf(c, r.originalRequest().get())
                : Items.findIn(c, r.item()).orElseThrow().sender();
        if (actor.name().equals(sender)) {
            throw new ApprovalRefused(
                    r.originalRequest().isPresent()
                            ? ApprovalRefused.Reason.OWN_REQUEST
                            : ApprovalRefused.Reason.OWN_FILE,
                    actorName);
        }
        boolean escalated = r.escalated() || !now.isBefore(r.escalateAt());
        @Nullable String principal = null;
        if (mayDecide(c, r, actor, escalated)) {
            principal = actor.name();
        } else {
            for (Delegation d : readDelegations(c, "delegate = ? AND revoked_at IS NULL", List.of(actor.name()))) {
                if (!d.activeAt(now) || d.principal().equals(sender)) {
                    continue;
                }
                Optional<Account> p = Accounts.findIn(c, d.principal());
                if (p.isPresent() && !p.get().disabled() && mayDecide(c, r, p.get(), escalated)) {
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

    private static String requesterOf(Connection c, long originalRequest) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT requester FROM original_requests WHERE id = ?")) {
            s.setLong(1, originalRequest);
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                throw new IllegalStateException("approval for a missing original request #" + originalRequest);
            }
            return rs.getString(1);
        }
    }

    private static boolean mayDecide(Connection c, ApprovalRequest r, Account a, boolean escalated)
            throws SQLException {
        if (!approverRole(a.role())) {
            return false;
        }
        if (escalated && a.role() == Role.OFFICER) {
            return true;
        }
        if (r.kind() == ApprovalKind.SECURITY_OFFICER && a.role() != Role.OFFICER) {
            return false;
        }
        return new Party(a.name(), Accounts.groupsIn(c, a.name()), a.organisation()).matchesAny(r.approvers());
    }

    private static boolean approverRole(Role role) {
        return role == Role.STAFF || role == Role.OFFICER;
    }

    /**
     * A rejected or expired request ends what it decides: the item's release (see {@link
     * #endItem}), or an original request, whose other requests become void here and which the
     * original-release job then refuses.
     */
    private void end(Connection c, ApprovalRequest r, RejectionReason code, String detail, String actor, Instant now)
            throws SQLException {
        if (r.originalRequest().isEmpty()) {
            endItem(c, r.item(), code, detail, r.rules(), actor, now);
            return;
        }
        for (ApprovalRequest other : readRequests(
                c,
                "original_request = ? AND state IN ('PENDING', 'APPROVED')",
                List.of(r.originalRequest().get()))) {
            voidRequest(c, other, r.item(), code, actor, now);
        }
    }

    /**
     * Rejects the held item and voids its other requests, approved ones included: an approval given
     * for an item that will never be released (or for bytes that changed) must not count again.
     */
    private void endItem(
            Connection c, String itemId, RejectionReason code, String detail, String rules, String actor, Instant now)
            throws SQLException {
        for (ApprovalRequest other : readRequests(
                c, "item = ? AND original_request IS NULL AND state IN ('PENDING', 'APPROVED')", List.of(itemId))) {
            voidRequest(c, other, itemId, code, actor, now);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason_code", code.name());
        fields.put("reason_detail", detail);
        fields.put("rules", rules);
        if (items.advanceIn(c, itemId, ItemState.AWAITING_APPROVAL, ItemState.REJECTED, fields)) {
            AuditOutbox.enqueue(
                    c,
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

    private static void voidRequest(
            Connection c, ApprovalRequest r, String itemId, RejectionReason code, String actor, Instant now)
            throws SQLException {
        setState(c, r.id(), ApprovalState.VOID, now);
        AuditOutbox.enqueue(
                c,
                new AuditEvent(
                        AuditType.APPROVAL_VOIDED,
                        actor,
                        "",
                        itemId,
                        Map.of("request", String.valueOf(r.id()), "because", code.name())));
    }

    private static void setState(Connection c, long id, ApprovalState state, Instant now) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE approval_requests SET state = ?, decided_at = ? WHERE id = ?")) {
            s.setString(1, state.name());
            s.setString(2, now.toString());
            s.setLong(3, id);
            s.executeUpdate();
        }
    }

    private static void insertVote(
            Connection c,
            long request,
            String approver,
            String principal,
            boolean approve,
            String comment,
            String sha256,
            Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO approval_votes (request, approver, principal, vote, comment, sha256, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, request);
            s.setString(2, approver);
            s.setString(3, principal);
            s.setString(4, approve ? "approve" : "reject");
            s.setString(5, comment);
            s.setString(6, sha256);
            s.setString(7, now.toString());
            s.executeUpdate();
        }
    }

    private static long lastId(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT last_insert_rowid()")) {
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Optional<ApprovalRequest> readRequest(Connection c, long id) throws SQLException {
        List<ApprovalRequest> found = readRequests(c, "id = ?", List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Requests matching a fixed condition of this class (never user text), with their votes. */
    private static List<ApprovalRequest> readRequests(Connection c, String where, List<Object> params)
            throws SQLException {
        List<ApprovalRequest> found = new ArrayList<>();
        try (PreparedStatement s =
                c.prepareStatement("SELECT * FROM approval_requests WHERE " + where + " ORDER BY id")) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                long id = rs.getLong("id");
                long originalId = rs.getLong("original_request");
                Optional<Long> original = rs.wasNull() ? Optional.empty() : Optional.of(originalId);
                found.add(new ApprovalRequest(
                        id,
                        rs.getString("item"),
                        original,
                        kind(rs.getString("kind")),
                        Arrays.asList(rs.getString("approvers").split(",")),
                        rs.getString("rules"),
                        rs.getString("sha256"),
                        rs.getString("findings"),
                        ApprovalState.valueOf(rs.getString("state")),
                        rs.getInt("escalated") != 0,
                        Instant.parse(rs.getString("requested_at")),
                        Instant.parse(rs.getString("escalate_at")),
                        Instant.parse(rs.getString("expires_at")),
                        List.of()));
            }
        }
        List<ApprovalRequest> withVotes = new ArrayList<>();
        for (ApprovalRequest r : found) {
            withVotes.add(new ApprovalRequest(
                    r.id(),
                    r.item(),
                    r.originalRequest(),
                    r.kind(),
                    r.approvers(),
                    r.rules(),
                    r.sha256(),
                    r.findings(),
                    r.state(),
                    r.escalated(),
                    r.requestedAt(),
                    r.escalateAt(),
                    r.expiresAt(),
                    votes(c, r.id())));
        }
        return withVotes;
    }

    private static List<Vote> votes(Connection c, long request) throws SQLException {
        List<Vote> votes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT approver, principal, vote, comment, sha256, at FROM approval_votes WHERE request = ? ORDER BY rowid")) {
            s.setLong(1, request);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                votes.add(new Vote(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3).equals("approve"),
                        rs.getString(4),
                        rs.getString(5),
                        Instant.parse(rs.getString(6))));
            }
        }
        return votes;
    }

    private static List<Delegation> readDelegations(Connection c, String where, List<String> params)
            throws SQLException {
        List<Delegation> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM delegations WHERE " + where + " ORDER BY id")) {
            for (int i = 0; i < params.size(); i++) {
                s.setString(i + 1, params.get(i));
            }
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                String revoked = rs.getString("revoked_at");
                found.add(new Delegation(
                        rs.getLong("id"),
                        rs.getString("principal"),
                        rs.getString("delegate"),
                        Instant.parse(rs.getString("starts_at")),
                        Instant.parse(rs.getString("ends_at")),
                        rs.getString("reason"),
                        revoked == null ? Optional.empty() : Optional.of(Instant.parse(revoked))));
            }
        }
        return found;
    }

    private static ApprovalKind kind(String word) {
        for (ApprovalKind k : ApprovalKind.values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        throw new IllegalStateException("an approval request has an unknown kind: " + word);
    }
}
