package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;

/** INDEXED → PUBLISHED: the rendition is now offered to its recipients in the destination zone. */
final class PublishStage implements Stage {
    private final Clock clock;

    PublishStage(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public StageOutcome run(TransferItem item, Workspace workspace) {
        return new StageOutcome.Moved(
                ItemState.PUBLISHED,
                new StepFacts.Published(Instant.now(clock)),
                AuditType.ITEM_PUBLISHED,
                Map.of(
                        "zone", item.flow().to().word(),
                        "name", item.renditionName(),
                        "organisation", item.organisation()));
    }
}
