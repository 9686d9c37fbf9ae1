package jp.kakehashi.appliance.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.approval.ApprovalRefused;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.ApprovalState;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.approval.Vote;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.sanitizer.Receipts;
import jp.kakehashi.web.port.ApprovalView;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;

/**
 * The approver's side of the portals over the same {@link Approvals} the command line uses: the
 * queue is exactly {@link Approvals#decidableBy}, and every rule (own file, second person,
 * escalation, the hash of what was reviewed) is the approval module's, not repeated here.
 */
public final class PortalApprovals implements jp.kakehashi.web.port.Approvals {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Approvals approvals;
    private final Items items;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final ItemViews views;

    public PortalApprovals(Approvals approvals, Items items, ItemViews views, BlobStore blobs, AuditLog audit) {
        this.approvals = approvals;
        this.items = items;
        this.blobs = blobs;
        this.audit = audit;
        this.views = views;
    }

    @Override
    public List<ApprovalView> queue(User user) {
        if (!mayApprove(user)) {
            return List.of();
        }
        List<ApprovalView> out = new ArrayList<>();
        for (ApprovalRequest r : approvals.decidableBy(user.name())) {
            items.find(r.item()).ifPresent(i -> out.add(view(r, i)));
        }
        out.sort(Comparator.comparing(ApprovalView::requestedAt));
        return out;
    }

    @Override
    public List<Decided> decided(User user) {
        if (!mayApprove(user)) {
            return List.of();
        }
        List<Decided> out = new ArrayList<>();
        for (ApprovalRequest r : approvals.decidedBy(user.name(), DECIDED_SHOWN)) {
            Optional<Vote> mine = r.votes().stream()
                    .filter(v -> v.approver().equals(user.name()))
                    .reduce((first, later) -> later);
            Optional<TransferItem> item = items.find(r.item());
            if (mine.isPresent() && item.isPresent()) {
                out.add(new Decided(
                        view(r, item.get()),
                        mine.get().approve(),
                        mine.get().comment(),
                        mine.get().at(),
                        r.state().japanese(),
                        r.state().english()));
            }
        }
        return out;
    }

    @Override
    public Optional<ApprovalView> request(User user, long id) {
        return queue(user).stream().filter(a -> a.id() == id).findFirst();
    }

    /** The disarmed rendition, also for a request to release an original: the approver never gets the raw original. */
    @Override
    public Optional<Download> review(User user, long id) {
        return request(user, id)
                .flatMap(a -> items.find(a.item().id()))
                .filter(i -> !i.renditionBlob().isEmpty())
                .map(i -> new Download(i.renditionName(), i.renditionSize(), i.renditionBlob(), offset -> {
                    audit.append(new AuditEvent(
                            AuditType.ITEM_DOWNLOADED,
                            user.name(),
                            user.role().zone().word(),
                            i.id(),
                            Map.of(
                                    "name",
                                    i.renditionName(),
                                    "purpose",
                                    "approval-review",
                                    "request",
                                    String.valueOf(id),
                                    "protocol",
                                    "https")));
                    return blobs.open(new BlobId(i.renditionBlob()), offset);
                }));
    }

    @Override
    public Verdict approve(User user, long id, String reviewedSha256, String comment) {
        if (!mayApprove(user)) {
            return refused(ApprovalRefused.Reason.NOT_STAFF);
        }
        try {
            ApprovalRequest r = approvals.approve(id, user.name(), Optional.of(reviewedSha256), comment);
            return new Verdict.Accepted(r.state() != ApprovalState.PENDING);
        } catch (ApprovalRefused e) {
            return refused(e.reason());
        }
    }

    @Override
    public Verdict reject(User user, long id, String comment) {
        if (!mayApprove(user)) {
            return refused(ApprovalRefused.Reason.NOT_STAFF);
        }
        try {
            approvals.reject(id, user.name(), comment);
            return new Verdict.Accepted(true);
        } catch (ApprovalRefused e) {
            return refused(e.reason());
        }
    }

    private static boolean mayApprove(User user) {
        return user.role() == Role.STAFF || user.role() == Role.OFFICER;
    }

    private static Verdict refused(ApprovalRefused.Reason reason) {
        return new Verdict.Refused(reason.name(), reason.japanese(), reason.english());
    }

    private ApprovalView view(ApprovalRequest r, TransferItem item) {
        return new ApprovalView(
                r.id(),
                views.view(item, Receipts.Reader.RECIPIENT),
                r.kind().japanese(),
                r.kind().english(),
                r.rules(),
                r.sha256(),
                findings(r),
                r.approvals(),
                r.kind().approversNeeded(),
                r.originalRequest().isPresent(),
                r.requestedAt(),
                r.escalateAt(),
                r.expiresAt());
    }

    /** The request's findings as lines an approver reads: DLP hits (masked), text changes, who asks for an original and why. */
    static List<String> findings(ApprovalRequest r) {
        JsonNode f;
        try {
            f = JSON.readTree(r.findings());
        } catch (JsonProcessingException e) {
            return List.of("(findings unreadable / 確認事項を読めません)");
        }
        List<String> lines = new ArrayList<>();
        if (f.has("requester")) {
            lines.add("申請者 requester: " + f.path("requester").asText() + "　理由 reason:「"
                    + f.path("reason").asText() + "」");
        }
        for (JsonNode d : f.path("dlp")) {
            List<String> members = new ArrayList<>();
            d.path("members").forEach(m -> members.add(m.asText()));
            lines.add(d.path("detector").asText() + " ×" + d.path("count").asInt() + "  例 e.g. "
                    + d.path("example").asText()
                    + (members.isEmpty() ? "" : "  （圧縮ファイル内 in the archive: " + String.join("、", members) + "）"));
        }
        JsonNode c = f.path("changes");
        if (!c.isMissingNode()) {
            lines.add("前回版からの変更 changed since the last version: −"
                    + c.path("linesRemoved").asInt() + " +"
                    + c.path("linesAdded").asInt() + " 行 lines");
        }
        if (r.escalated()) {
            lines.add("期限を過ぎたため情報セキュリティ責任者に回付されています / escalated to the security officers");
        }
        return lines;
    }
}
