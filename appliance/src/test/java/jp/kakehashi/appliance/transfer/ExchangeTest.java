package jp.kakehashi.appliance.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.identity.Department;
import jp.kakehashi.appliance.identity.Role;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: the exchange's rules, once, for every front end — who may send where, what each
 * upload becomes, who receives which delivered file and what each person's search looks through.
 */
class ExchangeTest {
    static final Person PARTNER = new Person("acme-user", Role.PARTNER, "acme");
    static final Person OTHER_PARTNER = new Person("kita-user", Role.PARTNER, "kita");
    static final Person STAFF = new Person("tanaka", Role.STAFF, "somu");
    static final Person OFFICER = new Person("mori", Role.OFFICER, "somu");
    static final Person ADMIN = new Person("ito", Role.ADMIN, "joho");
    static final Person MYNUMBER = new Person("mn-import", Role.MYNUMBER, "shimin");

    @TempDir
    Path tmp;

    Database db;
    AuditLog audit;
    Items items;
    Exchange exchange;
    final List<Department> departments = new ArrayList<>();
    final java.util.Map<String, List<String>> staff = new java.util.HashMap<>();
    int serial;

    @BeforeEach
    void open() {
        SecureRandom random = new SecureRandom();
        db = Database.open(tmp.resolve("kakehashi.db"));
        audit = AuditLog.open(
                tmp.resolve("audit"),
                AuditKeys.loadOrGenerate(
                        tmp.resolve("audit.key"), tmp.resolve("audit").resolve("audit-public.key"), random),
                Clock.systemUTC());
        items = new Items(db, new JdbcItemStore(), Clock.systemUTC());
        exchange = new Exchange(
                () -> List.of("acme", "kita"),
                () -> List.copyOf(departments),
                d -> staff.getOrDefault(d, List.of()),
                items,
                audit);
    }

    @AfterEach
    void close() {
        audit.close();
        db.close();
    }

    @Test
    void partnersSendToTheCityAndStaffToEachPartnerAndMyNumber() {
        assertThat(exchange.addresses(PARTNER)).containsExactly(new Address.City());
        assertThat(exchange.addresses(STAFF))
                .containsExactly(new Address.Partner("acme"), new Address.Partner("kita"), new Address.MyNumber());

        assertThat(exchange.drop(PARTNER, new Address.City()))
                .contains(new Drop(Flow.parse("internet->lgwan"), "acme", Optional.empty()));
        assertThat(exchange.drop(STAFF, new Address.Partner("kita")))
                .contains(new Drop(Flow.parse("lgwan->internet"), "kita", Optional.of("somu")));
        assertThat(exchange.drop(STAFF, new Address.MyNumber()))
                .contains(new Drop(Flow.parse("lgwan->mynumber"), "somu", Optional.of("somu")));
    }

    @Test
    void nobodySendsWhereTheRulesDoNotLeadThem() {
        assertThat(exchange.drop(PARTNER, new Address.MyNumber())).isEmpty();
        assertThat(exchange.drop(PARTNER, new Address.Partner("kita"))).isEmpty();
        assertThat(exchange.drop(STAFF, new Address.City())).isEmpty();
        assertThat(exchange.drop(STAFF, new Address.Partner("no-such-org"))).isEmpty();
        assertThat(Exchange.sends(PARTNER)).isTrue();
        assertThat(Exchange.sends(STAFF)).isTrue();
        for (Person p : List.of(OFFICER, ADMIN, MYNUMBER)) {
            assertThat(Exchange.sends(p)).as(p.name()).isFalse();
            assertThat(exchange.addresses(p)).as(p.name()).isEmpty();
            assertThat(exchange.partners(p)).as(p.name()).isEmpty();
            for (Address a : List.of(new Address.City(), new Address.Partner("acme"), new Address.MyNumber())) {
                assertThat(exchange.drop(p, a)).as(p.name() + " to " + a).isEmpty();
            }
        }
    }

    @Test
    void eachDeliveredFileReachesItsRecipientsOnly() {
        TransferItem inbound = published("internet->lgwan", "acme-user", "acme");
        TransferItem outbound = published("lgwan->internet", "tanaka", "acme");
        TransferItem toMyNumber = published("lgwan->mynumber", "tanaka", "somu");

        assertThat(ids(exchange.inbox(STAFF))).containsExactly(inbound.id());
        assertThat(ids(exchange.inboxFrom(STAFF, "acme"))).containsExactly(inbound.id());
        assertThat(exchange.inboxFrom(STAFF, "kita")).isEmpty();
        assertThat(ids(exchange.inbox(PARTNER))).containsExactly(outbound.id());
        assertThat(exchange.inbox(OTHER_PARTNER)).isEmpty();
        assertThat(ids(exchange.inbox(MYNUMBER))).containsExactly(toMyNumber.id());
        for (Person p : List.of(OFFICER, ADMIN)) {
            assertThat(exchange.inbox(p)).as(p.name()).isEmpty();
            assertThat(exchange.inboxFrom(p, "acme")).as(p.name()).isEmpty();
            assertThat(exchange.heldFor(p)).as(p.name()).isEmpty();
            for (TransferItem i : List.of(inbound, outbound, toMyNumber)) {
                assertThat(Exchange.isRecipient(p, i)).as(p.name()).isFalse();
            }
        }
        assertThat(Exchange.isRecipient(STAFF, inbound)).isTrue();
        assertThat(Exchange.isRecipient(PARTNER, outbound)).isTrue();
        assertThat(Exchange.isRecipient(OTHER_PARTNER, outbound)).isFalse();
        assertThat(Exchange.isRecipient(PARTNER, inbound))
                .as("its own upload is not delivered to it")
                .isFalse();
        assertThat(Exchange.isRecipient(MYNUMBER, toMyNumber)).isTrue();
    }

    @Test
    void aFileNotYetDeliveredIsAddressedButNotReceived() {
        TransferItem waiting = received("internet->lgwan", "acme-user", "acme");

        assertThat(Exchange.addressedTo(STAFF, waiting)).isTrue();
        assertThat(Exchange.isRecipient(STAFF, waiting)).isFalse();
        assertThat(exchange.inbox(STAFF)).isEmpty();
    }

    @Test
    void aSearchLooksOnlyWhereThePersonReceives() {
        assertThat(Exchange.searchScope(PARTNER))
                .contains(new Exchange.SearchScope(Zone.INTERNET, Optional.of("acme"), Optional.empty()));
        assertThat(Exchange.searchScope(STAFF))
                .contains(new Exchange.SearchScope(Zone.LGWAN, Optional.empty(), Optional.of("somu")));
        assertThat(Exchange.searchScope(MYNUMBER))
                .contains(new Exchange.SearchScope(Zone.MYNUMBER, Optional.empty(), Optional.empty()));
        assertThat(Exchange.searchScope(OFFICER)).isEmpty();
        assertThat(Exchange.searchScope(ADMIN)).isEmpty();
    }

    @Test
    void aDownloadThatReachesTheEndIsRecordedForTheSender() {
        TransferItem inbound = published("internet->lgwan", "acme-user", "acme");

        exchange.downloaded(STAFF, inbound, 0, 3, "https");
        assertThat(items.firstDownload(inbound.id())).isEmpty();
        exchange.downloaded(STAFF, inbound, 3, inbound.renditionSize() - 3, "https");
        assertThat(items.firstDownload(inbound.id())).isPresent();
    }

    /** Issue 25: a partner addresses only the departments the city linked to it. */
    @Test
    void aPartnerAddressesTheDepartmentsLinkedToItAndNoOther() {
        departments.add(new Department("zeimu", "税務課", false, Set.of("acme")));
        departments.add(new Department("kodomo", "子ども家庭課", false, Set.of()));
        departments.add(new Department("somu", "総務課", true, Set.of()));

        assertThat(exchange.addresses(PARTNER)).containsExactly(new Address.Department("zeimu"));
        assertThat(exchange.drop(PARTNER, new Address.Department("zeimu")))
                .contains(new Drop(Flow.parse("internet->lgwan"), "acme", Optional.of("zeimu")));
        assertThat(exchange.drop(PARTNER, new Address.Department("kodomo"))).isEmpty();
        assertThat(exchange.drop(PARTNER, new Address.City()))
                .as("linked to a department, it names one")
                .isEmpty();
        assertThat(exchange.drop(PARTNER, new Address.Department("no-such"))).isEmpty();

        // kita is linked to none: it may address every department that works with all partners,
        // or the city, whose reception (総務課) then receives the file.
        assertThat(exchange.addresses(OTHER_PARTNER))
                .containsExactly(new Address.City(), new Address.Department("kodomo"), new Address.Department("somu"));
        assertThat(exchange.drop(OTHER_PARTNER, new Address.City()))
                .contains(new Drop(Flow.parse("internet->lgwan"), "kita", Optional.of("somu")));
        assertThat(exchange.drop(OTHER_PARTNER, new Address.Department("zeimu")))
                .isEmpty();
        assertThat(exchange.drop(STAFF, new Address.Department("zeimu")))
                .as("staff do not send to the city's own departments")
                .isEmpty();
    }

    /** Issue 25: need-to-know — staff receive what is addressed to their department only. */
    @Test
    void staffReceiveOnlyWhatIsAddressedToTheirDepartment() {
        departments.add(new Department("zeimu", "税務課", false, Set.of("acme")));
        departments.add(new Department("kodomo", "子ども家庭課", false, Set.of()));
        Person zeimu = new Person("suzuki", Role.STAFF, "zeimu");
        Person kodomo = new Person("kato", Role.STAFF, "kodomo");
        TransferItem forZeimu = published("internet->lgwan", "acme-user", "acme", Optional.of("zeimu"));
        TransferItem unaddressed = published("internet->lgwan", "kita-user", "kita", Optional.empty());

        assertThat(ids(exchange.inbox(zeimu))).containsExactly(forZeimu.id(), unaddressed.id());
        assertThat(ids(exchange.inbox(kodomo)))
                .as("another department's file is not theirs; one addressed to nobody is everyone's")
                .containsExactly(unaddressed.id());
        assertThat(Exchange.isRecipient(zeimu, forZeimu)).isTrue();
        assertThat(Exchange.isRecipient(kodomo, forZeimu)).isFalse();
        assertThat(Exchange.addressedTo(kodomo, forZeimu)).isFalse();
        assertThat(exchange.inboxFrom(kodomo, "acme")).isEmpty();
        assertThat(ids(exchange.inboxFrom(zeimu, "acme"))).containsExactly(forZeimu.id());
        assertThat(Exchange.searchScope(kodomo))
                .contains(new Exchange.SearchScope(Zone.LGWAN, Optional.empty(), Optional.of("kodomo")));

        // 税務課 works with acme alone: its staff send to and read from acme only.
        assertThat(exchange.partners(zeimu)).containsExactly("acme");
        assertThat(exchange.drop(zeimu, new Address.Partner("kita"))).isEmpty();
        assertThat(exchange.partners(kodomo)).containsExactly("acme", "kita");
    }

    /** Issue 25: a partner may name one person of the department; that person alone receives the file. */
    @Test
    void aFileForOnePersonReachesThatPersonAlone() {
        departments.add(new Department("zeimu", "税務課", false, Set.of("acme")));
        staff.put("zeimu", List.of("sato", "suzuki"));
        assertThat(exchange.addresses(PARTNER))
                .containsExactly(
                        new Address.Department("zeimu"),
                        new Address.Person("zeimu", "sato"),
                        new Address.Person("zeimu", "suzuki"));
        assertThat(exchange.drop(PARTNER, new Address.Person("zeimu", "suzuki")))
                .contains(new Drop(Flow.parse("internet->lgwan"), "acme", Optional.of("zeimu"), Optional.of("suzuki")));
        assertThat(exchange.drop(PARTNER, new Address.Person("zeimu", "kato")))
                .as("not of that department")
                .isEmpty();
        assertThat(exchange.drop(OTHER_PARTNER, new Address.Person("zeimu", "suzuki")))
                .as("kita does not work with 税務課")
                .isEmpty();

        TransferItem forSuzuki =
                published("internet->lgwan", "acme-user", "acme", Optional.of("zeimu"), Optional.of("suzuki"));
        Person suzuki = new Person("suzuki", Role.STAFF, "zeimu");
        Person sato = new Person("sato", Role.STAFF, "zeimu");
        assertThat(Exchange.isRecipient(suzuki, forSuzuki)).isTrue();
        assertThat(Exchange.isRecipient(sato, forSuzuki))
                .as("a colleague of the same 課")
                .isFalse();
        assertThat(ids(exchange.inbox(sato))).isEmpty();
        assertThat(ids(exchange.inboxFrom(suzuki, "acme"))).containsExactly(forSuzuki.id());
    }

    private static List<String> ids(List<TransferItem> list) {
        return list.stream().map(TransferItem::id).toList();
    }

    private TransferItem received(String flow, String sender, String organisation) {
        return received(flow, sender, organisation, Optional.empty());
    }

    private TransferItem received(String flow, String sender, String organisation, Optional<String> department) {
        return received(flow, sender, organisation, department, Optional.empty());
    }

    private TransferItem received(
            String flow, String sender, String organisation, Optional<String> department, Optional<String> recipient) {
        StoredBlob blob = new StoredBlob(new BlobId("b".repeat(32)), 10, "0".repeat(64));
        return items.insertReceived(
                String.format("%024d", ++serial),
                Flow.parse(flow),
                sender,
                organisation,
                department,
                recipient,
                "資料.txt",
                blob,
                Optional.empty());
    }

    private TransferItem published(String flow, String sender, String organisation) {
        return published(flow, sender, organisation, Optional.empty());
    }

    private TransferItem published(String flow, String sender, String organisation, Optional<String> department) {
        return published(flow, sender, organisation, department, Optional.empty());
    }

    private TransferItem published(
            String flow, String sender, String organisation, Optional<String> department, Optional<String> recipient) {
        TransferItem item = received(flow, sender, organisation, department, recipient);
        assertThat(items.advance(
                        item.id(),
                        ItemState.RECEIVED,
                        ItemState.PUBLISHED,
                        new StepFacts.Rendition(
                                new StoredBlob(new BlobId("c".repeat(32)), 10, "0".repeat(64)),
                                "資料.txt",
                                "text/plain",
                                "[]")))
                .isTrue();
        return items.find(item.id()).orElseThrow();
    }
}
