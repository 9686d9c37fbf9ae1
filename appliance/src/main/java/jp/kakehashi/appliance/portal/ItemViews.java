package jp.kakehashi.appliance.portal;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.ItemReport;
import jp.kakehashi.appliance.transfer.Parties;
import jp.kakehashi.sanitizer.Receipts;
import jp.kakehashi.sanitizer.Removal;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Note;
import jp.kakehashi.web.port.Stage;

/**
 * A transfer item as the portals show it: who sent it and whom it is for by name, its stage in
 * plain words, the reason, the sanitizer's receipt.
 */
public final class ItemViews {
    private final Items items;
    private final Names names;

    public ItemViews(Items items, Names names) {
        this.items = requireNonNull(items, "items");
        this.names = requireNonNull(names, "names");
    }

    /** The item as {@code reader} sees it: the receipt says what that reader can do about a removal. */
    ItemView view(TransferItem i, Receipts.Reader reader) {
        Stage stage = stage(i.state());
        Optional<ItemView.Reason> reason = Optional.empty();
        if (stage.stopped()) {
            ItemReport.Texts t = ItemReport.reason(i.reasonCode());
            String detail = ItemReport.detailForSender(i.reasonCode()) ? i.reasonDetail() : "";
            reason = Optional.of(new ItemView.Reason(i.reasonCode(), t.ja(), t.en(), detail));
        }
        String receiptJa = "";
        String receiptEn = "";
        List<String> removed = List.of();
        if (i.state() == ItemState.PUBLISHED || i.state() == ItemState.AWAITING_APPROVAL) {
            List<Removal> removals = ItemReport.removals(i.removals());
            Receipts.Receipt r = Receipts.of(removals, reader);
            receiptJa = r.ja();
            receiptEn = r.en();
            removed = removals.stream()
                    .map(Receipts::describe)
                    .map(line -> line.ja().equals(line.en()) ? line.ja() : line.ja() + " / " + line.en())
                    .toList();
        }
        return new ItemView(
                i.id(),
                i.name(),
                i.sender(),
                i.organisation(),
                Zones.web(i.flow().from()),
                Zones.web(i.flow().to()),
                i.size(),
                stage,
                reason,
                receiptJa,
                receiptEn,
                removed,
                i.renditionName(),
                i.createdAt(),
                i.updatedAt(),
                stage.inProgress() ? items.queuePosition(i.id()) : Optional.empty(),
                i.state() == ItemState.PUBLISHED ? items.firstDownload(i.id()) : Optional.empty(),
                i.retrying()
                        .filter(r -> !i.state().terminal())
                        .map(r -> new ItemView.Held(
                                r.reason().japanese(), r.reason().english(), r.next())),
                sentBy(i),
                sentTo(i),
                items.note(i.id()).map(n -> new Note(n.subject(), n.message())).orElse(Note.NONE));
    }

    private ItemView.Party sentBy(TransferItem i) {
        Parties.Named n = Parties.sentBy(i, names);
        return new ItemView.Party(n.ja(), n.en());
    }

    private ItemView.Party sentTo(TransferItem i) {
        Parties.Named n = Parties.sentTo(i, names);
        return new ItemView.Party(n.ja(), n.en());
    }

    static Stage stage(ItemState state) {
        return switch (state) {
            case RECEIVED -> Stage.RECEIVED;
            case DETECTED, SCANNED, POLICY_CHECKED -> Stage.CHECKING;
            case SANITIZED, INDEXED -> Stage.SANITIZED;
            case AWAITING_APPROVAL -> Stage.AWAITING_APPROVAL;
            case PUBLISHED -> Stage.DELIVERED;
            case BLOCKED -> Stage.BLOCKED;
            case QUARANTINED -> Stage.QUARANTINED;
            case REJECTED -> Stage.REJECTED;
            case EXPIRED -> Stage.EXPIRED;
        };
    }
}
