package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.Zone;

/**
 * Puts a rendition's text where its readers search: the zone's inbox index, or its shared
 * folder's. One place decides which items the index holds, for the steps and for a rebuild.
 */
final class Indexer {
    private final SearchIndex index;
    private final FolderDirectory folders;

    Indexer(SearchIndex index, FolderDirectory folders) {
        this.index = requireNonNull(index, "index");
        this.folders = requireNonNull(folders, "folders");
    }

    /**
     * Whether the search index holds this item once the pipeline is done with it: a published
     * (or indexed, about to publish) rendition, and a staff version in a shared folder that waits
     * for approval, which colleagues already find.
     */
    static boolean searchable(TransferItem item) {
        return switch (item.state()) {
            case INDEXED, PUBLISHED -> true;
            case AWAITING_APPROVAL, BLOCKED -> item.inFolder() && item.flow().from() == Zone.LGWAN;
            default -> false;
        };
    }

    /** Indexes an item whose rendition may now cross: the step that ends in INDEXED. */
    StageOutcome.Moved indexed(TransferItem item, String text) {
        put(item, text);
        return new StageOutcome.Moved(
                ItemState.INDEXED,
                new StepFacts.None(),
                AuditType.ITEM_INDEXED,
                Map.of("characters", String.valueOf(text.length())));
    }

    void put(TransferItem item, String text) {
        if (item.inFolder()) {
            putInFolder(item, text);
        } else {
            index.put(
                    item.id(),
                    item.renditionName(),
                    text,
                    item.flow().to(),
                    item.organisation(),
                    item.department(),
                    item.renditionType(),
                    item.createdAt());
        }
    }

    /**
     * A folder version colleagues may find before it may cross: the folder search shows a hit
     * only to those who may see the version now.
     */
    void putInFolder(TransferItem item, String text) {
        long folder = item.folder().orElseThrow();
        index.putInFolder(
                item.id(),
                item.renditionName(),
                text,
                item.flow().to(),
                item.organisation(),
                item.renditionType(),
                item.createdAt(),
                folder,
                folders.name(folder));
    }
}
