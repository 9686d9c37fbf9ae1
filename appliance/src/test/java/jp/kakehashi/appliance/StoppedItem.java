package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Optional;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;

/** A staff file to a partner that stopped with a reason, stored through the item store and read back. */
public final class StoppedItem {
    private StoppedItem() {}

    public static TransferItem in(Database db, ItemState state, String code, String detail) {
        Items items = new Items(db, new JdbcItemStore(), Clock.systemUTC());
        String id = "0000000000000000000000a2";
        items.insertReceived(
                id,
                new Flow(Zone.LGWAN, Zone.INTERNET),
                "tanaka",
                "acme",
                Optional.empty(),
                "報告書.docx",
                new StoredBlob(new BlobId("b".repeat(32)), 182, "0".repeat(64)));
        assertThat(items.advance(id, ItemState.RECEIVED, state, new StepFacts.Stopped(code, detail, "")))
                .isTrue();
        return items.find(id).orElseThrow();
    }
}
