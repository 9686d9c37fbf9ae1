package jp.kakehashi.appliance.portal;

import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.quarantine.Quarantine;
import jp.kakehashi.appliance.quarantine.QuarantineRefused;
import jp.kakehashi.appliance.quarantine.QuarantineRelease;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.sanitizer.Receipts;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.QuarantineReview;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.StoppedView;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;

/** The officers' quarantine pages over {@link Quarantine}, which holds every rule. */
public final class PortalQuarantine implements QuarantineReview {
    private static final int LIMIT = 500;
    private static final String SUFFIX = ".quarantine";

    private final Quarantine quarantine;
    private final Items items;
    private final BlobStore blobs;
    private final ItemViews views;

    public PortalQuarantine(Quarantine quarantine, Items items, ItemViews views, BlobStore blobs) {
        this.quarantine = quarantine;
        this.items = items;
        this.blobs = blobs;
        this.views = views;
    }

    @Override
    public List<StoppedView> stopped(User officer) {
        if (officer.role() != Role.OFFICER) {
            return List.of();
        }
        return quarantine.stopped(LIMIT).stream().map(i -> view(officer, i)).toList();
    }

    @Override
    public Optional<StoppedView> stoppedItem(User officer, String id) {
        if (officer.role() != Role.OFFICER) {
            return Optional.empty();
        }
        return items.find(id).filter(PortalQuarantine::stopped).map(i -> view(officer, i));
    }

    @Override
    public Verdict release(User officer, String id, String reason) {
        try {
            quarantine.release(id, officer.name(), reason);
            return new Verdict.Accepted(true);
        } catch (QuarantineRefused e) {
            return new Verdict.Refused(
                    e.reason().name(), e.reason().japanese(), e.reason().english());
        }
    }

    @Override
    public Optional<Download> original(User officer, String id) {
        if (officer.role() != Role.OFFICER) {
            return Optional.empty();
        }
        Optional<QuarantineRelease> release = quarantine.downloadable(id, officer.name());
        Optional<TransferItem> item = items.find(id).filter(PortalQuarantine::stopped);
        if (release.isEmpty() || item.isEmpty()) {
            return Optional.empty();
        }
        TransferItem i = item.get();
        return Optional.of(new Download(
                i.name() + SUFFIX,
                i.size(),
                i.originalBlob(),
                offset -> new CountingStream(
                        blobs.open(new BlobId(i.originalBlob()), offset),
                        bytes -> quarantine.downloaded(release.get(), bytes))));
    }

    private static boolean stopped(TransferItem i) {
        return i.state() == ItemState.QUARANTINED || i.state() == ItemState.BLOCKED;
    }

    private StoppedView view(User officer, TransferItem i) {
        List<StoppedView.Release> releases = quarantine.releases(i.id()).stream()
                .map(r -> new StoppedView.Release(r.officer(), r.reason(), r.releasedAt(), r.expiresAt()))
                .toList();
        return new StoppedView(
                views.view(i, Receipts.Reader.RECIPIENT),
                i.sha256(),
                i.detectedType(),
                !quarantine.originalErased(i.id()),
                releases,
                quarantine.downloadable(i.id(), officer.name()).map(QuarantineRelease::expiresAt));
    }
}
