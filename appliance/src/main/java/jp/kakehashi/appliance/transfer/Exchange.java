package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Department;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;

/**
 * Who may send to whom and who receives what, for every front end. A partner sends to the city's
 * departments it works with (or to one person of such a department, who alone receives the file)
 * and receives what staff sent to its organisation; staff send to the
 * partner organisations their department works with and to the My Number zone, and receive what
 * partners addressed to their department (need-to-know: another department's files are not
 * theirs); the My Number zone only receives. A file partners sent to the city without naming a
 * department goes to the reception (受付) department, or to every member of staff while the city
 * has none (as before departments existed).
 * Security officers and administrators neither send nor receive files: they have their own work
 * (audit, quarantine, accounts), and a file is not theirs to read because their role is high.
 * A shared-folder version is nobody's delivery: it is read through its folder, by its members.
 */
public final class Exchange {
    private static final Flow INBOUND = new Flow(Zone.INTERNET, Zone.LGWAN);
    private static final Flow OUTBOUND = new Flow(Zone.LGWAN, Zone.INTERNET);
    private static final Flow TO_MYNUMBER = new Flow(Zone.LGWAN, Zone.MYNUMBER);

    private final Supplier<List<String>> partnerOrganisations;
    private final Supplier<List<Department>> departments;
    private final Function<String, List<String>> staffOf;
    private final Items items;
    private final AuditLog audit;

    /**
     * @param partnerOrganisations the organisations partner accounts belong to, sorted
     * @param departments the city's departments, by id
     * @param staffOf the enabled staff accounts of a department, by name
     */
    public Exchange(
            Supplier<List<String>> partnerOrganisations,
            Supplier<List<Department>> departments,
            Function<String, List<String>> staffOf,
            Items items,
            AuditLog audit) {
        this.partnerOrganisations = requireNonNull(partnerOrganisations, "partnerOrganisations");
        this.departments = requireNonNull(departments, "departments");
        this.staffOf = requireNonNull(staffOf, "staffOf");
        this.items = requireNonNull(items, "items");
        this.audit = requireNonNull(audit, "audit");
    }

    /**
     * The departments a partner organisation may address: those linked to it, or, for an
     * organisation the city linked to none, those that work with every partner.
     */
    public List<Department> departmentsFor(String organisation) {
        List<Department> all = departments.get();
        List<Department> linked =
                all.stream().filter(d -> d.partners().contains(organisation)).toList();
        return linked.isEmpty()
                ? all.stream().filter(d -> d.partners().isEmpty()).toList()
                : linked;
    }

    /** Whether the organisation may send to the city without naming a department: only while it is linked to none. */
    private boolean mayAddressCity(String organisation) {
        return departments.get().stream().noneMatch(d -> d.partners().contains(organisation));
    }

    /** The department unaddressed files go to (受付), if the city named one. */
    private Optional<String> reception() {
        return departments.get().stream()
                .filter(Department::reception)
                .map(Department::id)
                .findFirst();
    }

    /** Whether this person sends files at all (partners and staff): who has drop folders and a list of what they sent. */
    public static boolean sends(Person person) {
        return person.role() == Role.PARTNER || person.role() == Role.STAFF;
    }

    /** Every address this person may send to, in the order they are offered. */
    public List<Address> addresses(Person person) {
        return switch (person.role()) {
            case PARTNER -> {
                List<Address> out = new ArrayList<>();
                if (mayAddressCity(person.organisation())) {
                    out.add(new Address.City());
                }
                for (Department d : departmentsFor(person.organisation())) {
                    out.add(new Address.Department(d.id()));
                    staffOf.apply(d.id()).forEach(a -> out.add(new Address.Person(d.id(), a)));
                }
                yield out;
            }
            case STAFF -> {
                List<Address> out = new ArrayList<>();
                partners(person).forEach(org -> out.add(new Address.Partner(org)));
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
                switch (to) {
                    case Address.City c ->
                        mayAddressCity(person.organisation())
                                ? Optional.of(new Drop(INBOUND, person.organisation(), reception()))
                                : Optional.empty();
                    case Address.Department d ->
                        departmentsFor(person.organisation()).stream().anyMatch(x -> x.id().equals(d.id()))
                                ? Optional.of(new Drop(INBOUND, person.organisation(), Optional.of(d.id())))
                                : Optional.empty();
                    case Address.Person one ->
                        departmentsFor(person.organisation()).stream().anyMatch(x -> x.id().equals(one.department()))
                                        && staffOf.apply(one.department()).contains(one.account())
                                ? Optional.of(new Drop(
                                        INBOUND,
                                        person.organisation(),
                                        Optional.of(one.department()),
                                        Optional.of(one.account())))
                                : Optional.empty();
                    case Address.Partner p -> Optional.empty();
                    case Address.MyNumber m -> Optional.empty();
                };
            case STAFF ->
                switch (to) {
                    case Address.MyNumber m ->
                        Optional.of(new Drop(TO_MYNUMBER, person.organisation(), Optional.of(person.organisation())));
                    case Address.Partner p ->
                        partners(person).contains(p.organisation())
                                ? Optional.of(new Drop(OUTBOUND, p.organisation(), Optional.of(person.organisation())))
                                : Optional.empty();
                    case Address.City c -> Optional.empty();
                    case Address.Department d -> Optional.empty();
                    case Address.Person one -> Optional.empty();
                };
            case OFFICER, ADMIN, MYNUMBER -> Optional.empty();
        };
    }

    /**
     * The partner organisations staff may send to and receive from, each by its own folder or
     * choice: those their department works with (all, for a department linked to none or not
     * registered as one).
     */
    public List<String> partners(Person person) {
        if (person.role() != Role.STAFF) {
            return List.of();
        }
        Optional<Department> mine = departments.get().stream()
                .filter(d -> d.id().equals(person.organisation()))
                .findFirst();
        return partnerOrganisations.get().stream()
                .filter(org -> mine.map(d -> d.worksWith(org)).orElse(true))
                .toList();
    }

    /**
     * What this person receives: the files of one flow, for a partner only those for its own
     * organisation, for staff only those addressed to their department (or to nobody's, while the
     * city has no reception). Empty for those who receive no files. The one place the roles meet
     * the flows on the receiving side; the inbox, PPAP, the recipient checks and search all ask it.
     */
    private static Optional<Receiving> receives(Person person) {
        return switch (person.role()) {
            case PARTNER ->
                Optional.of(new Receiving(
                        OUTBOUND, Optional.of(person.organisation()), Optional.empty(), Optional.empty()));
            case STAFF ->
                Optional.of(new Receiving(
                        INBOUND, Optional.empty(), Optional.of(person.organisation()), Optional.of(person.name())));
            case MYNUMBER ->
                Optional.of(new Receiving(TO_MYNUMBER, Optional.empty(), Optional.empty(), Optional.empty()));
            case OFFICER, ADMIN -> Optional.empty();
        };
    }

    /**
     * A flow's files; when present only those for one partner organisation, and only those
     * addressed to one department or to none; and of those addressed to one person, only theirs.
     */
    private record Receiving(
            Flow flow, Optional<String> organisation, Optional<String> department, Optional<String> person) {
        boolean covers(TransferItem item) {
            return item.flow().equals(flow)
                    && organisation.map(o -> o.equals(item.organisation())).orElse(true)
                    && department
                            .map(d -> item.department().map(d::equals).orElse(true))
                            .orElse(true)
                    && item.recipient()
                            .map(r -> person.map(r::equals).orElse(false))
                            .orElse(true);
        }
    }

    /** The files delivered to this person, newest last as the store lists them. */
    public List<TransferItem> inbox(Person person) {
        return receives(person)
                .map(r -> items.published(r.flow(), r.organisation()).stream()
                        .filter(r::covers)
                        .toList())
                .orElse(List.of());
    }

    /** The files one partner organisation delivered, for staff who read them by organisation. */
    public List<TransferItem> inboxFrom(Person person, String organisation) {
        return partners(person).contains(organisation)
                ? items.published(INBOUND, Optional.of(organisation)).stream()
                        .filter(i -> addressedTo(person, i))
                        .toList()
                : List.of();
    }

    /** Files for this person held because they are encrypted, which they may open with the password (PPAP). */
    public List<TransferItem> heldFor(Person person) {
        return receives(person)
                .map(r -> items.heldEncrypted(r.flow(), r.organisation()).stream()
                        .filter(r::covers)
                        .toList())
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

    /**
     * Where a person's search of delivered files looks; see {@link #searchScope}.
     *
     * @param department when present, only files addressed to that department or to none
     */
    public record SearchScope(Zone zone, Optional<String> organisation, Optional<String> department) {
        public SearchScope {
            requireNonNull(zone, "zone");
            requireNonNull(organisation, "organisation");
            requireNonNull(department, "department");
        }
    }

    /**
     * The part of the index holding files delivered to this person: their zone's, for a partner
     * its own organisation's only, for staff their department's. Empty for those who receive no
     * files. The index is only the first sieve: every hit is checked with {@link #isRecipient}.
     */
    public static Optional<SearchScope> searchScope(Person person) {
        return receives(person).map(r -> new SearchScope(r.flow().to(), r.organisation(), r.department()));
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
