package jp.kakehashi.appliance.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty search index from the stored renditions: a backup holds no index (it is derived),
 * so the first start after a restore rebuilds it while the appliance already serves. Progress goes
 * to the log; a file whose text cannot be extracted is indexed without text, as in the pipeline.
 */
public final class IndexRebuild {
    private static final Logger log = LoggerFactory.getLogger(IndexRebuild.class);

    private IndexRebuild() {}

    /** What the rebuild did: items put back, and how long it took. */
    public record Result(int indexed, int items, Duration took) {}

    public static Result run(Items items, Pipeline pipeline, Clock clock) {
        Instant start = clock.instant();
        var all = items.all();
        int indexed = 0;
        int seen = 0;
        log.info("rebuilding the search index from {} stored items (検索索引を再構築しています)", all.size());
        for (TransferItem item : all) {
            seen++;
            try {
                if (pipeline.reindex(item.id())) {
                    indexed++;
                }
            } catch (RuntimeException e) {
                log.warn("search index: item {} left out: {}", item.id(), e.getMessage());
            }
            if (seen % 500 == 0) {
                log.info("search index: {} of {} items looked at, {} indexed", seen, all.size(), indexed);
            }
        }
        Result r = new Result(indexed, all.size(), Duration.between(start, clock.instant()));
        log.info(
                "search index rebuilt: {} items indexed in {} s (検索索引の再構築が終わりました)",
                r.indexed(),
                r.took().toSeconds());
        return r;
    }
}
