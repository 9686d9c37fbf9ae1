package jp.kakehashi.appliance.portal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderRefused;
import jp.kakehashi.appliance.folders.Folders;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.index.SearchQuery;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.transfer.Exchange;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Search;
import jp.kakehashi.web.port.Transfers;
import jp.kakehashi.web.port.User;

/**
 * The portals' search over the appliance's Lucene index. The index is asked only for the user's
 * zone (and, for a partner, organisation), and every hit is then read through
 * {@link Transfers#item}, so a hit the user may not receive cannot appear even if the index were
 * wrong. Shared folders the same way: the index is asked only for the folders the user is a
 * member of now, and a hit counts only if it is the version of its file the user may see now.
 */
public final class PortalSearch implements Search {
    private static final int LIMIT = 50;

    private final SearchIndex index;
    private final Transfers transfers;
    private final Folders folders;
    private final Items items;

    public PortalSearch(SearchIndex index, Transfers transfers, Folders folders, Items items) {
        this.index = index;
        this.transfers = transfers;
        this.folders = folders;
        this.items = items;
    }

    @Override
    public Result search(User user, String query) {
        Optional<Exchange.SearchScope> scope = Exchange.searchScope(PortalTransfers.person(user));
        if (scope.isEmpty()) {
            return new Result.Hits(List.of());
        }
        List<String> ids;
        List<FileHit> files;
        try {
            ids = index.search(
                    query,
                    scope.get().zone(),
                    scope.get().organisation(),
                    scope.get().department(),
                    LIMIT);
            files = user.role() == Role.MYNUMBER ? List.of() : folderHits(user, query);
        } catch (SearchQuery.Refused e) {
            return new Result.Refused(e.japanese(), e.english());
        }
        List<ItemView> hits = ids.stream()
                .map(id -> transfers.item(user, id))
                .flatMap(Optional::stream)
                .filter(i -> i.stage() == jp.kakehashi.web.port.Stage.DELIVERED
                        && !i.sender().equals(user.name()))
                .toList();
        return new Result.Hits(hits, files);
    }

    private List<FileHit> folderHits(User user, String query) {
        Map<Long, Folder> mine = new HashMap<>();
        for (Folder f : folders.visibleTo(user.name())) {
            mine.put(f.id(), f);
        }
        // One hit per file: the first (best) of its current version.
        Map<String, FileHit> current = new HashMap<>();
        Set<Long> seen = new LinkedHashSet<>();
        List<SearchIndex.FolderHit> found = index.searchFolders(query, mine.keySet(), LIMIT, item -> {
            for (long file : folders.filesHolding(item)) {
                if (!seen.contains(file)) {
                    Optional<FileHit> h = currentHit(user, file, item, mine);
                    if (h.isPresent()) {
                        seen.add(file);
                        current.put(item, h.get());
                        return true;
                    }
                }
            }
            return false;
        });
        List<FileHit> out = new ArrayList<>();
        for (SearchIndex.FolderHit hit : found) {
            FileHit h = java.util.Objects.requireNonNull(current.get(hit.itemId()), "kept hits are current");
            out.add(new FileHit(
                    h.file(),
                    h.name(),
                    h.folder(),
                    h.folderName(),
                    h.version(),
                    h.author(),
                    h.at(),
                    hit.snippet().stream()
                            .map(f -> new Piece(f.text(), f.match()))
                            .toList()));
        }
        return out;
    }

    /** The hit, if its version is the one of {@code file} the user may see at this instant. */
    private Optional<FileHit> currentHit(User user, long file, String item, Map<Long, Folder> mine) {
        Folders.Current current;
        try {
            current = folders.current(user.name(), file);
        } catch (FolderRefused notAMemberNow) {
            return Optional.empty();
        }
        Folder folder = mine.get(current.file().folder());
        if (folder == null
                || current.visible().isEmpty()
                || !current.visible().get().item().equals(item)) {
            return Optional.empty();
        }
        FileVersion v = current.visible().get();
        Zone zone = Zones.domain(user.role().zone());
        String name = items.find(v.item())
                .map((TransferItem i) ->
                        v.servesOriginalTo(zone) || i.renditionName() == null ? i.name() : i.renditionName())
                .orElse(current.file().name());
        return Optional.of(
                new FileHit(file, name, folder.id(), folder.name(), v.number(), v.author(), v.createdAt(), List.of()));
    }
}
