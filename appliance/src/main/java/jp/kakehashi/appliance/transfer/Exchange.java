package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;

/**
 * Who may send to whom and who receives what, for every front end. A partner sends to the city
 * and receives what staff sent to its organisation; staff send to each partner organisation and
 * to the My Number zone, and receive what partners sent; the My Number zone only receives.
 * Security officers and administrators neither send nor receive files: they have their own work
 * (audit, quarantine, accounts), and a file is not theirs to read because their role is high.
 * A shared-folder version is nobody's delivery: it is read through its folder, by its members.
 */
public final class Exchange {
    private static final Flow INBOUND = new Flow(Zone.INTERNET, Zone.LGWAN);
    private static final Flow OUTBOUND = new Flow(Zone.LGWAN, Zone.INTERNET);
    private static final Flow TO_MYNUMBER = new Flow(Zone.LGWAN, Zone.MYNUMBER);

    private final Supplier<List<String>> partnerOrganisations;
    private final Items items;
    private final AuditLog audit;

    /** @param partnerOrganisations the organisations partner accounts belong to, sorted */
    public Exchange(Supplier<List<String>> partnerOrganisations, Items items, AuditLog audit) {
        this.partnerOrganisations = requireNonNull(partnerOrganisations, "partnerOrganisations");
        this.items = requireNonNull(items, "items");
        this.audit = requireNonNull(audit, "audit");
    }

    /** Whether this person sends files at all (partners and staff): who has drop folders and a list of what they sent. */
    public static boolean sends(Person person) {
        return person.role() == Role.PARTNER || person.role() == Role.STAFF;
    }

    /** Every address this person may send to, in the order they are offered. */
    public List<Address> addresses(Person person) {
        return switch (person.role()) {
            case PARTNER -> List.of(new Address.City());
            case STAFF -> {
                List<Address> out = new ArrayList<>();
                partnerOrganisations.get().forEach(org -> out.add(new Address.Partner(org)));
                out.add(new Address.MyNumber());
                yield out;
            }
            case OFFICER, ADMIN, MYNUMBER -> List.of();
        };
    }

    /** Where an upload by this person to that address goes; empty when they may not send there. */
    public Optional<Drop> drop(Person person, Address to) {
        return switch (person.role()) {
            case PARTNER ->
                to instanceof Address.City ? Optional.of(new Drop(INBOUND, person.organisation())) : Optional.empty();
            case STAFF ->
                switch (to) {
                    case Address.MyNumber m -> Optional.of(new Drop(TO_MYNUMBER, person.organisation()));
                    case Address.Partner p ->
                        partnerOrganisations.get().contains(p.organisation())
                                ? Optional.of(new Drop(OUTBOUND, p.organisation()))
                                : Optional.empty();
                    case Address.City c -> Optional.empty();
                };
            case OFFICER, ADMIN, MYNUMBER -> Optional.empty();
        };
    }

    /** The partner organisations staff may send to and receive from, each by its own folder or choice. */
    public List<String> partners(Person person) {
        return person.role() == Role.STAFF ? partnerOrganisations.get() : List.of();
    }

    /**
     * What this person receives: the files of one flow, for a partner only those for its own
     * organisation. Empty for those who receive no files. The one place the roles meet the flows
     * on the receiving side; the inbox, PPAP, the recipient checks and search all ask it.
     */
    private static Optional<Receiving> receives(Person person) {
        return switch (person.role()) {
            case PARTNER -> Optional.of(new Receiving(OUTBOUND, Optional.of(person.organisation())));
            case STAFF -> Optional.of(new Receiving(INBOUND, Optional.empty()));
            case MYNUMBER -> Optional.of(new Receiving(TO_MYNUMBER, Optional.empty()));
            case OFFICER, ADMIN -> Optional.empty();
        };
    }

    /** A flow's files, and when present only those for one organisation. */
    private record Receiving(Flow flow, Optional<String> organisation) {
        boolean covers(TransferItem item) {
            return item.flow().equals(flow)
                    && organisation.map(o -> o.equals(item.organisation())).orElse(true);
        }
    }

    /** The files delivered to this person, newest last as the store lists them. */
    public List<TransferItem> inbox(Person person) {
        return receives(person)
                .map(r -> items.published(r.flow(), r.organisation()))
                .orElse(List.of());
    }

    /** The files one partner organisation delivered, for staff who read them by organisation. */
    public List<TransferItem> inboxFrom(Person person, String organisation) {
        return partners(person).contains(organisation)
                ? items.published(INBOUND, Optional.of(organisation))
                : List.of();
    }

    /** Files for this person held because they are encrypted, which they may open with the password (PPAP). */
    public List<TransferItem> heldFor(Person person) {
        return receives(person)
                .map(r -> items.heldEncrypted(r.flow(), r.organisation()))
                .orElse(List.of());
    }

    /** Whether this delivered file is this person's to fetch. */
    public static boolean isRecipient(Person person, TransferItem item) {
        return item.state() == ItemState.PUBLISHED && addressedTo(person, item);
    }

    /**
     * Whether the file is addressed to this person, whatever its state: what a recipient would
     * fetch once it is delivered (an encrypted one held for its password included).
     */
    public static boolean addressedTo(Person person, TransferItem item) {
        return !item.inFolder() && receives(person).filter(r -> r.covers(item)).isPresent();
    }

    /** Where a person's search of delivered files looks; see {@link #searchScope}. */
    public record SearchScope(Zone zone, Optional<String> organisation) {
        public SearchScope {
            requireNonNull(zone, "zone");
            requireNonNull(organisation, "organisation");
        }
    }

    /**
     * The part of the index holding files delivered to this person: their zone's, and for a
     * partner its own organisation's only. Empty for those who receive no files.
     */
    public static Optional<SearchScope> searchScope(Person person) {
        return receives(person).map(r -> new SearchScope(r.flow().to(), r.organisation()));
    }

    /**
     * Audits a download of a delivered file; one that reached the end (at once or by resuming) is
     * recorded for its sender to see.
     *
     * @param offset where the download started (a resumed one starts past 0)
     */
    public void downloaded(Person person, TransferItem item, long offset, long bytes, String protocol) {
        if (offset + bytes >= item.renditionSize()) {
            items.recordDownload(item.id(), person.name(), protocol);
        }
        audit.append(new AuditEvent(
                AuditType.ITEM_DOWNLOADED,
                person.name(),
                person.zone().word(),
                item.id(),
                Map.of(
                        "name", item.renditionName(),
                        "bytes", String.valueOf(bytes),
                        "from", String.valueOf(offset),
                        "protocol", protocol)));
    }
}
