package jp.kakehashi.appliance.originals;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.OriginalRelease;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.Zone;

/**
 * 原本取り出し (taking out an original). A staff member or security officer asks, with a written
 * reason, for the original of a file that came in from a partner and was published disarmed. The
 * policy's {@code originals} section names who must approve; the requests go through {@link
 * Approvals} like any other, bound to the original's hash, and the person who asked may not
 * decide them. Once approved, {@link OriginalReleaseJob} scans the original again with today's
 * signatures and checks it is still the bytes received; only then is it available, to that one
 * person, for the policy's time, after which it is withdrawn. Every step is audited.
 *
 * <p>The command line asks and lists beside a running appliance; only the daemon runs the release
 * job, so one process re-scans and releases.
 */
public final class Originals {
    /** The longest reason kept: a paragraph, not a document. */
    public static final int MAX_REASON = 1000;

    private static final Flow INBOUND = new Flow(Zone.INTERNET, Zone.LGWAN);

    private final Transactions db;
    private final OriginalStore store;
    private final Items items;
    private final Accounts accounts;
    private final Approvals approvals;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public Originals(
            Transactions db,
            OriginalStore store,
            Items items,
            Accounts accounts,
            Approvals approvals,
            Supplier<Policy> policy,
            Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.items = requireNonNull(items, "items");
        this.accounts = requireNonNull(accounts, "accounts");
        this.approvals = requireNonNull(approvals, "approvals");
        this.policy = requireNonNull(policy, "policy");
        this.clock = requireNonNull(clock, "clock");
    }

    /** A released original someone may download now: the request and the item it belongs to. */
    public record Available(OriginalRequest request, TransferItem item) {}

    /**
     * Asks for the original of an item on behalf of {@code requesterName}, opening the approval
     * requests the policy names.
     *
     * @throws OriginalRefused with the reason, when the request cannot be made
     */
    public OriginalRequest request(String itemId, String requesterName, String reason) {
        String why = reason.strip();
        if (why.isEmpty()) {
            throw new OriginalRefused(OriginalRefused.Reason.REASON_REQUIRED, "");
        }
        if (why.codePointCount(0, why.length()) > MAX_REASON) {
            throw new OriginalRefused(
                    OriginalRefused.Reason.REASON_TOO_LONG, why.codePointCount(0, why.length()) + " characters");
        }
        OriginalRelease rules = policy.get().originals();
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            Account requester = accounts.findIn(tx, requesterName)
                    .orElseThrow(() -> new OriginalRefused(OriginalRefused.Reason.NO_SUCH_ACCOUNT, requesterName));
            if (requester.disabled()) {
                throw new OriginalRefused(OriginalRefused.Reason.ACCOUNT_DISABLED, requesterName);
            }
            if (requester.role() != Role.STAFF && requester.role() != Role.OFFICER) {
                throw new OriginalRefused(
                        OriginalRefused.Reason.NOT_STAFF,
                        requesterName + " is " + requester.role().word());
            }
            TransferItem item = items.findIn(tx, itemId)
                    .orElseThrow(() -> new OriginalRefused(OriginalRefused.Reason.NO_SUCH_ITEM, itemId));
            if (item.inFolder()) {
                throw new OriginalRefused(OriginalRefused.Reason.IN_FOLDER, itemId);
            }
            ItemStore.Copies copies = items.copiesIn(tx, itemId);
            if (!item.flow().equals(INBOUND) || !copies.published()) {
                throw new OriginalRefused(
                        OriginalRefused.Reason.NOT_DISARMED,
                        item.flow() + ", " + item.state().name());
            }
            if (copies.originalErased()) {
                throw new OriginalRefused(OriginalRefused.Reason.ORIGINAL_ERASED, itemId);
            }
            if (store.byRequester(tx, requesterName).stream()
                    .anyMatch(r -> r.item().equals(itemId) && !r.state().ended())) {
                throw new OriginalRefused(OriginalRefused.Reason.ALREADY_REQUESTED, itemId);
            }
            long id = store.insert(
                            tx, new OriginalStore.NewRequest(itemId, requesterName, why, rules.availableFor(), now))
                    .id();
            long approval =
                    approvals.openForOriginal(tx, id, item, rules.approval(), findings(item, requester, why), now);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("request", String.valueOf(id));
            data.put("reason", why);
            data.put("name", item.name());
            data.put("sha256", item.sha256());
            data.put("approval", String.valueOf(approval));
            data.put("kind", rules.approval().kind().word());
            data.put("approvers", String.join(",", rules.approval().approvers()));
            data.put("availableFor", rules.availableFor().toString());
            AuditOutbox.enqueue(tx, new AuditEvent(AuditType.ORIGINAL_REQUESTED, requesterName, "lgwan", itemId, data));
            return store.request(tx, id).orElseThrow();
        });
    }

    public Optional<OriginalRequest> find(long id) {
        return db.reading(tx -> store.request(tx, id));
    }

    /** One person's requests, newest first. */
    public List<OriginalRequest> byRequester(String requester) {
        return db.reading(tx -> store.byRequester(tx, requester)).reversed();
    }

    /** Every request, newest first: what the security officer reviews. */
    public List<OriginalRequest> all() {
        return db.reading(store::all).reversed();
    }

    /** The originals {@code account} may download now, oldest first. */
    public List<Available> availableTo(String account) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> {
            List<Available> out = new ArrayList<>();
            for (OriginalRequest r : store.byRequester(tx, account)) {
                Optional<Available> a = available(tx, r, account, now);
                a.ifPresent(out::add);
            }
            return out;
        });
    }

    /**
     * The released original {@code account} may download at this instant: checked again when a
     * download starts, so a listing older than the withdrawal opens nothing.
     */
    public Optional<Available> open(long id, String account) {
        Instant now = Instant.now(clock);
        return db.reading(tx -> store.request(tx, id).flatMap(r -> available(tx, r, account, now)));
    }

    private Optional<Available> available(Tx tx, OriginalRequest r, String account, Instant now) {
        if (!r.availableTo(account, now) || items.copiesIn(tx, r.item()).originalErased()) {
            return Optional.empty();
        }
        return items.findIn(tx, r.item()).map(item -> new Available(r, item));
    }

    /** What the approver reads first: who asks, why, and for which bytes. */
    private String findings(TransferItem item, Account requester, String reason) {
        ObjectNode root = json.createObjectNode();
        root.put("purpose", "original");
        root.put("requester", requester.name());
        root.put("requesterRole", requester.role().word());
        root.put("reason", reason);
        root.put("name", item.name());
        root.put("size", item.size());
        root.put("sha256", item.sha256());
        root.put("detectedType", item.detectedType());
        return root.toString();
    }
}
