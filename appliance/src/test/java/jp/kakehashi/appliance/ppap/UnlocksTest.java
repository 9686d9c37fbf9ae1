package jp.kakehashi.appliance.ppap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;

/** Who may type the password of a held file: its sender and the people it was meant for, no one else. */
class UnlocksTest {
    static final Flow INBOUND = new Flow(Zone.INTERNET, Zone.LGWAN);
    static final Flow OUTBOUND = new Flow(Zone.LGWAN, Zone.INTERNET);
    static final Flow TO_MYNUMBER = new Flow(Zone.LGWAN, Zone.MYNUMBER);

    @Test
    void aPartnersFileIsForItsSenderAndForStaffOnly() {
        TransferItem inbound = held(INBOUND, "acme-user", "acme");
        assertThat(Unlocks.entitled(account("acme-user", Role.PARTNER, "acme"), inbound))
                .isTrue();
        assertThat(Unlocks.entitled(account("tanaka", Role.STAFF, "somu"), inbound))
                .isTrue();
        assertThat(Unlocks.entitled(account("acme-other", Role.PARTNER, "acme"), inbound))
                .as("a colleague of the sender is not a recipient")
                .isFalse();
        assertThat(Unlocks.entitled(account("ito", Role.OFFICER, "joho"), inbound))
                .as("officers review quarantine, they do not open people's mail")
                .isFalse();
        assertThat(Unlocks.entitled(account("kanri", Role.ADMIN, "joho"), inbound))
                .isFalse();
        assertThat(Unlocks.entitled(account("mn", Role.MYNUMBER, "shimin"), inbound))
                .isFalse();
    }

    @Test
    void theCitysFileIsForTheAddressedOrganisationOnly() {
        TransferItem outbound = held(OUTBOUND, "tanaka", "acme");
        assertThat(Unlocks.entitled(account("tanaka", Role.STAFF, "somu"), outbound))
                .isTrue();
        assertThat(Unlocks.entitled(account("acme-user", Role.PARTNER, "acme"), outbound))
                .isTrue();
        assertThat(Unlocks.entitled(account("beta-user", Role.PARTNER, "beta"), outbound))
                .isFalse();
        assertThat(Unlocks.entitled(account("suzuki", Role.STAFF, "somu"), outbound))
                .as("another member of staff did not send it")
                .isFalse();
    }

    @Test
    void aFileForTheMyNumberZoneIsForItsUsers() {
        TransferItem file = held(TO_MYNUMBER, "tanaka", "somu");
        assertThat(Unlocks.entitled(account("mn", Role.MYNUMBER, "shimin"), file))
                .isTrue();
        assertThat(Unlocks.entitled(account("acme-user", Role.PARTNER, "somu"), file))
                .isFalse();
    }

    @Test
    void aSharedFolderVersionIsOpenedByNobodyHereNotEvenItsSender() {
        TransferItem h = held(INBOUND, "acme-user", "acme");
        TransferItem inFolder = new TransferItem(
                h.id(),
                h.flow(),
                h.sender(),
                h.organisation(),
                Optional.empty(),
                Optional.empty(),
                h.name(),
                h.size(),
                h.sha256(),
                h.originalBlob(),
                h.state(),
                h.attempts(),
                h.detectedType(),
                h.typeMismatch(),
                h.renditionBlob(),
                h.renditionName(),
                h.renditionType(),
                h.renditionSize(),
                h.renditionSha256(),
                h.removals(),
                h.reasonCode(),
                h.reasonDetail(),
                h.rules(),
                h.facts(),
                h.decision(),
                h.createdAt(),
                h.updatedAt(),
                Optional.of(7L),
                Optional.empty(),
                Optional.empty());
        assertThat(Unlocks.entitled(account("acme-user", Role.PARTNER, "acme"), inFolder))
                .isFalse();
        assertThat(Unlocks.entitled(account("tanaka", Role.STAFF, "somu"), inFolder))
                .isFalse();
    }

    private static Account account(String name, Role role, String organisation) {
        return new Account(name, role, organisation, List.of(), false);
    }

    private static TransferItem held(Flow flow, String sender, String organisation) {
        Instant at = Instant.parse("2026-11-24T01:00:00Z");
        return new TransferItem(
                "0000000000000000000000a1",
                flow,
                sender,
                organisation,
                Optional.empty(),
                Optional.empty(),
                "資料.zip",
                182,
                "",
                "",
                ItemState.QUARANTINED,
                0,
                "application/zip",
                false,
                "",
                "",
                "",
                -1,
                "",
                "",
                "ENCRYPTED_CONTENT",
                "",
                "",
                "",
                "",
                at,
                at,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
