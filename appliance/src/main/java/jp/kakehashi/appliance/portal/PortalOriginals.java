package jp.kakehashi.appliance.portal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.originals.OriginalOutcome;
import jp.kakehashi.appliance.originals.OriginalRefused;
import jp.kakehashi.appliance.originals.OriginalRequest;
import jp.kakehashi.appliance.originals.Originals;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.OriginalRequests;
import jp.kakehashi.web.port.OriginalView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;

/** 原本取り出し on the portal over the same {@link Originals} the command line and SFTP use. */
public final class PortalOriginals implements OriginalRequests {
    private final Originals originals;
    private final Items items;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final Clock clock;

    public PortalOriginals(Originals originals, Items items, BlobStore blobs, AuditLog audit, Clock clock) {
        this.originals = originals;
        this.items = items;
        this.blobs = blobs;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public List<OriginalView> requests(User user) {
        List<OriginalRequest> found = switch (user.role()) {
            case OFFICER -> originals.all();
            case STAFF -> originals.byRequester(user.name());
            case PARTNER, ADMIN, MYNUMBER -> List.of();
        };
        Instant now = clock.instant();
        return found.stream().map(r -> view(r, now)).toList();
    }

    @Override
    public Verdict request(User user, String itemId, String reason) {
        if (user.role() != Role.STAFF && user.role() != Role.OFFICER) {
            return refused(OriginalRefused.Reason.NOT_STAFF);
        }
        try {
            originals.request(itemId, user.name(), reason);
            return new Verdict.Accepted(false);
        } catch (OriginalRefused e) {
            return refused(e.reason());
        }
    }

    @Override
    public Optional<Download> original(User user, long requestId) {
        return originals.open(requestId, user.name()).map(a -> {
            TransferItem item = a.item();
            return new Download(
                    item.name(),
                    item.size(),
                    item.originalBlob(),
                    offset -> new CountingStream(
                            blobs.open(new BlobId(item.originalBlob()), offset),
                            bytes -> audit.append(new AuditEvent(
                                    AuditType.ORIGINAL_DOWNLOADED,
                                    user.name(),
                                    user.role().zone().word(),
                                    item.id(),
                                    Map.of(
                                            "request",
                                            String.valueOf(requestId),
                                            "name",
                                            item.name(),
                                            "bytes",
                                            String.valueOf(bytes),
                                            "protocol",
                                            "https")))));
        });
    }

    private OriginalView view(OriginalRequest r, Instant now) {
        String name = items.find(r.item()).map(TransferItem::name).orElse("?");
        return new OriginalView(
                r.id(),
                r.item(),
                name,
                r.requester(),
                r.reason(),
                r.state().japanese(),
                r.state().english(),
                r.availableTo(r.requester(), now),
                r.requestedAt(),
                r.availableUntil(),
                r.outcome().map(OriginalOutcome::japanese).orElse(""),
                r.outcome().map(OriginalOutcome::english).orElse(""));
    }

    private static Verdict refused(OriginalRefused.Reason reason) {
        return new Verdict.Refused(reason.name(), reason.japanese(), reason.english());
    }
}
