package jp.kakehashi.appliance.portal;

import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.index.SearchQuery;
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
 * wrong.
 */
public final class PortalSearch implements Search {
    private static final int LIMIT = 50;

    private final SearchIndex index;
    private final Transfers transfers;

    public PortalSearch(SearchIndex index, Transfers transfers) {
        this.index = index;
        this.transfers = transfers;
    }

    @Override
    public Result search(User user, String query) {
        if (user.role() == Role.OFFICER || user.role() == Role.ADMIN) {
            return new Result.Hits(List.of());
        }
        Zone zone = Zones.domain(user.role().zone());
        Optional<String> org = user.role() == Role.PARTNER ? Optional.of(user.organisation()) : Optional.empty();
        List<String> ids;
        try {
            ids = index.search(query, zone, org, LIMIT);
        } catch (SearchQuery.Refused e) {
            return new Result.Refused(e.japanese(), e.english());
        }
        List<ItemView> hits = ids.stream()
                .map(id -> transfers.item(user, id))
                .flatMap(Optional::stream)
                .filter(i -> i.stage() == jp.kakehashi.web.port.Stage.DELIVERED
                        && !i.sender().equals(user.name()))
                .toList();
        return new Result.Hits(hits);
    }
}
