package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.Approval;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Party;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.RuleId;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.Detection;

/**
 * Puts an item's facts to a policy: who sends it to whom, its true type, size and time. A staff
 * member's folder version goes to every partner organisation in the folder, so it is decided once
 * per organisation and the strictest wins: any block blocks, and every approval any of them asks
 * for is needed.
 */
final class Decider {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** The organisation policy names the municipality by ({@code org:city}). */
    private static final String CITY = "city";

    private final Function<String, Set<String>> groups;
    private final FolderDirectory folders;

    /** @param groups the groups an account belongs to, for rules that name senders by group */
    Decider(Function<String, Set<String>> groups, FolderDirectory folders) {
        this.groups = requireNonNull(groups, "groups");
        this.folders = requireNonNull(folders, "folders");
    }

    /** A decision and the facts it was made on (for a folder version, its strictest recipient's). */
    record Decided(Facts facts, Decision decision) {}

    /** Decides on the item's facts, with {@code more} added (content found after disarm). */
    Decided decide(Policy policy, TransferItem item, UnaryOperator<Facts> more) {
        List<Decided> all = new ArrayList<>();
        for (Facts f : facts(item)) {
            Facts full = more.apply(f);
            all.add(new Decided(full, policy.decide(full)));
        }
        Decided strictest = all.get(0);
        List<RuleId> rules = new ArrayList<>();
        List<Approval> needed = new ArrayList<>();
        for (Decided d : all) {
            if (d.decision() instanceof Decision.Block) {
                return d;
            }
            d.decision().rules().stream().filter(r -> !rules.contains(r)).forEach(rules::add);
            if (d.decision() instanceof Decision.NeedsApproval a) {
                if (needed.isEmpty()) {
                    strictest = d;
                }
                a.approvals().stream().filter(x -> !needed.contains(x)).forEach(needed::add);
            }
        }
        if (all.size() == 1) {
            return strictest;
        }
        return switch (strictest.decision()) {
            case Decision.NeedsApproval a ->
                new Decided(strictest.facts(), new Decision.NeedsApproval(rules, needed, a.settings()));
            case Decision.Allow a -> new Decided(strictest.facts(), new Decision.Allow(rules, a.settings()));
            case Decision.Block b -> strictest;
        };
    }

    /** The facts policy decides on: one set per recipient organisation. */
    private List<Facts> facts(TransferItem item) {
        Party sender = new Party(
                item.sender(),
                groups.apply(item.sender()),
                item.flow().from() == Zone.INTERNET ? item.organisation() : CITY);
        List<Party> recipients = new ArrayList<>();
        if (item.flow().from() == Zone.INTERNET) {
            recipients.add(new Party("", Set.of(), CITY));
        } else if (item.inFolder()) {
            folders.partnerOrganisations(item.folder().orElseThrow()).stream()
                    .sorted()
                    .forEach(org -> recipients.add(new Party("", Set.of(), org)));
            if (recipients.isEmpty()) {
                // No partner in the folder yet: decided as for a recipient no rule names.
                recipients.add(Party.unknown());
            }
        } else {
            recipients.add(new Party("", Set.of(), item.organisation()));
        }
        Facts base = Facts.of(item.flow(), item.detectedType(), item.size(), item.typeMismatch())
                .withExtension(Detection.extensionOf(item.name()))
                .at(LocalTime.ofInstant(item.createdAt(), JST));
        return recipients.stream().map(r -> base.withParties(sender, r)).toList();
    }
}
