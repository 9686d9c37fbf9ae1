package jp.kakehashi.appliance.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.QueuedAudit;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcApprovalStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Approval;
import jp.kakehashi.policies.ApprovalKind;
import jp.kakehashi.policies.Decision;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.RuleId;
import jp.kakehashi.policies.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, approvals: who may approve, two different people, delegation, escalation, expiry,
 * rejection and the binding to the rendition's bytes, on the real metadata store.
 */
class ApprovalsTest {
    private static final String RENDITION = "a".repeat(64);
    private static final Duration DEADLINE = Duration.ofDays(3);

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T01:00:00Z"));
    Database db;
    Accounts accounts;
    Items items;
    Approvals approvals;
    int serial;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        items = new Items(db, new JdbcItemStore(), clock);
        approvals = new Approvals(db, new JdbcApprovalStore(), items, accounts, clock);
        account("tanaka", Role.STAFF, "kacho");
        account("suzuki", Role.STAFF, "kacho");
        account("sato", Role.STAFF, "kakaricho");
        account("yamada", Role.STAFF);
        account("ito", Role.OFFICER, "security-officers");
        account("kobayashi", Role.OFFICER);
        account("admin", Role.ADMIN, "kacho");
        account("acme-user", Role.PARTNER, "kacho");
        accounts.create(
                new Account("retired", Role.STAFF, "somu", List.of(), true),
                Optional.of("a long passphrase".toCharArray()),
                "test");
        accounts.changeGroups("retired", Set.of("kacho"), Set.of(), "test");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSupervisorsApprovalReleasesTheItemAndIsAudited() {
        TransferItem item = held("tanaka", approval(ApprovalKind.SUPERVISOR, "group:kacho", "group:kakaricho"));
        assertThat(items.find(item.id()).orElseThrow().state()).isEqualTo(ItemState.AWAITING_APPROVAL);
        assertThat(items.due(10)).doesNotContain(item.id());
        ApprovalRequest r = approvals.forItem(item.id()).get(0);
        assertThat(r.sha256()).isEqualTo(RENDITION);
        assertThat(approvals.decidableBy("suzuki"))
                .extracting(ApprovalRequest::id)
                .containsExactly(r.id());
        assertThat(approvals.decidableBy("tanaka")).isEmpty();

        ApprovalRequest after = approvals.approve(r.id(), "sato", Optional.of(RENDITION.toUpperCase()), "確認しました");
        assertThat(after.state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(after.votes()).singleElement().satisfies(v -> {
            assertThat(v.approver()).isEqualTo("sato");
            assertThat(v.principal()).isEqualTo("sato");
            assertThat(v.sha256()).isEqualTo(RENDITION);
        });
        assertThat(items.due(10)).contains(item.id());
        assertThat(outbox()).contains("APPROVAL_REQUESTED", "APPROVAL_GIVEN");
        assertRefused(
                () -> approvals.approve(r.id(), "suzuki", Optional.empty(), ""), ApprovalRefused.Reason.NOT_PENDING);
    }

    @Test
    void theSenderNeverApprovesTheirOwnFileEvenWhenTheGroupMatches() {
        TransferItem item = held("tanaka", approval(ApprovalKind.SUPERVISOR, "group:kacho"));
        long id = approvals.forItem(item.id()).get(0).id();
        assertRefused(() -> approvals.approve(id, "tanaka", Optional.empty(), ""), ApprovalRefused.Reason.OWN_FILE);
        assertRefused(() -> approvals.reject(id, "tanaka", "no"), ApprovalRefused.Reason.OWN_FILE);
    }

    @Test
    void onlyEnabledStaffOrOfficersNamedByThePolicyMayDecide() {
        TransferItem item = held("yamada", approval(ApprovalKind.SUPERVISOR, "group:kacho"));
        long id = approvals.forItem(item.id()).get(0).id();
        assertRefused(
                () -> approvals.approve(id, "sato", Optional.empty(), ""), ApprovalRefused.Reason.NOT_AN_APPROVER);
        assertRefused(() -> approvals.approve(id, "admin", Optional.empty(), ""), ApprovalRefused.Reason.NOT_STAFF);
        assertRefused(() -> approvals.approve(id, "acme-user", Optional.empty(), ""), ApprovalRefused.Reason.NOT_STAFF);
        assertRefused(
                () -> approvals.approve(id, "retired", Optional.empty(), ""), ApprovalRefused.Reason.ACCOUNT_DISABLED);
        assertRefused(
                () -> approvals.approve(id, "nobody", Optional.empty(), ""), ApprovalRefused.Reason.NO_SUCH_ACCOUNT);
        assertRefused(
                () -> approvals.approve(9999, "suzuki", Optional.empty(), ""), ApprovalRefused.Reason.NO_SUCH_REQUEST);
        assertThat(approvals.find(id).orElseThrow().votes()).isEmpty();
    }

    @Test
    void aSecurityOfficerRequestNeedsAnOfficerNotJustTheGroup() {
        account("mori", Role.STAFF, "security-officers");
        TransferItem item = held("yamada", approval(ApprovalKind.SECURITY_OFFICER, "group:security-officers"));
        long id = approvals.forItem(item.id()).get(0).id();
        assertRefused(
                () -> approvals.approve(id, "mori", Optional.empty(), ""), ApprovalRefused.Reason.NOT_AN_APPROVER);
        assertThat(approvals.approve(id, "ito", Optional.empty(), "").state()).isEqualTo(ApprovalState.APPROVED);
    }

    @Test
    void twoPersonApprovalNeedsTwoDifferentPeopleDelegationIncluded() {
        clock.at(Instant.parse("2026-11-24T01:00:00Z"));
        TransferItem item = held("yamada", approval(ApprovalKind.TWO_PERSON, "group:kacho"));
        long id = approvals.forItem(item.id()).get(0).id();
        approvals.delegate("tanaka", "sato", clock.instant(), clock.instant().plus(Duration.ofDays(7)), "出張", "test");

        ApprovalRequest first = approvals.approve(id, "tanaka", Optional.empty(), "");
        assertThat(first.state()).isEqualTo(ApprovalState.PENDING);
        assertThat(items.due(10)).doesNotContain(item.id());
        assertRefused(
                () -> approvals.approve(id, "tanaka", Optional.empty(), ""), ApprovalRefused.Reason.ALREADY_DECIDED);
        // sato may approve only for tanaka, who has approved already: not a second person.
        assertRefused(
                () -> approvals.approve(id, "sato", Optional.empty(), ""), ApprovalRefused.Reason.SECOND_PERSON_NEEDED);
        ApprovalRequest second = approvals.approve(id, "suzuki", Optional.empty(), "");
        assertThat(second.state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(second.votes()).extracting(Vote::approver).containsExactly("tanaka", "suzuki");
        assertThat(items.due(10)).contains(item.id());
    }

    @Test
    void aDelegateApprovesForThePrincipalOnlyWhileTheDelegationIsInForce() {
        TransferItem item = held("yamada", approval(ApprovalKind.SUPERVISOR, "user:tanaka"));
        long id = approvals.forItem(item.id()).get(0).id();
        assertRefused(
                () -> approvals.approve(id, "sato", Optional.empty(), ""), ApprovalRefused.Reason.NOT_AN_APPROVER);

        Instant now = clock.instant();
        Delegation later = approvals.delegate(
                "tanaka", "sato", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)), "休暇", "test");
        assertRefused(
                () -> approvals.approve(id, "sato", Optional.empty(), ""), ApprovalRefused.Reason.NOT_AN_APPROVER);
        approvals.revoke(later.id(), "test");
        Delegation now1 = approvals.delegate("tanaka", "sato", now, now.plus(Duration.ofDays(2)), "出張", "test");
        assertThat(approvals.delegations()).extracting(Delegation::id).containsExactly(now1.id());

        ApprovalRequest r = approvals.approve(id, "sato", Optional.empty(), "代理で承認");
        assertThat(r.votes()).singleElement().satisfies(v -> {
            assertThat(v.approver()).isEqualTo("sato");
            assertThat(v.principal()).isEqualTo("tanaka");
            assertThat(v.delegated()).isTrue();
        });
        assertThat(outbox()).contains("DELEGATION_GRANTED", "DELEGATION_REVOKED");
    }

    @Test
    void aDelegationFromTheSenderLendsNoRightOverTheSendersFile() {
        TransferItem item = held("tanaka", approval(ApprovalKind.SUPERVISOR, "user:tanaka", "group:kakaricho"));
        long id = approvals.forItem(item.id()).get(0).id();
        approvals.delegate("tanaka", "yamada", clock.instant(), clock.instant().plus(Duration.ofDays(1)), "出張", "test");
        assertRefused(
                () -> approvals.approve(id, "yamada", Optional.empty(), ""), ApprovalRefused.Reason.NOT_AN_APPROVER);
    }

    @Test
    void badDelegationsAreRefusedWithTheirReason() {
        Instant now = clock.instant();
        assertRefused(
                () -> approvals.delegate("tanaka", "tanaka", now, now.plusSeconds(60), "x", "test"),
                ApprovalRefused.Reason.BAD_DELEGATION);
        assertRefused(
                () -> approvals.delegate("tanaka", "sato", now, now, "x", "test"),
                ApprovalRefused.Reason.BAD_DELEGATION);
        assertRefused(
                () -> approvals.delegate("tanaka", "sato", now, now.plus(Duration.ofDays(91)), "x", "test"),
                ApprovalRefused.Reason.BAD_DELEGATION);
        assertRefused(
                () -> approvals.delegate("tanaka", "sato", now, now.plusSeconds(60), " ", "test"),
                ApprovalRefused.Reason.BAD_DELEGATION);
        assertRefused(
                () -> approvals.delegate("tanaka", "acme-user", now, now.plusSeconds(60), "x", "test"),
                ApprovalRefused.Reason.NOT_STAFF);
        assertRefused(
                () -> approvals.delegate("tanaka", "ghost", now, now.plusSeconds(60), "x", "test"),
                ApprovalRefused.Reason.NO_SUCH_ACCOUNT);
        assertRefused(() -> approvals.revoke(42, "test"), ApprovalRefused.Reason.BAD_DELEGATION);
    }

    @Test
    void anApprovalForOtherBytesThanTheRequestsIsRefusedAndNothingIsRecorded() {
        TransferItem item = held("yamada", approval(ApprovalKind.SUPERVISOR, "group:kacho"));
        long id = approvals.forItem(item.id()).get(0).id();
        assertRefused(
                () -> approvals.approve(id, "suzuki", Optional.of("b".repeat(64)), ""),
                ApprovalRefused.Reason.CHANGED_SINCE_REVIEW);
        assertThat(approvals.find(id).orElseThrow().votes()).isEmpty();
    }

    @Test
    void voidingRejectsTheItemForGood() {
        TransferItem item = held("yamada", approval(ApprovalKind.SUPERVISOR, "group:kacho"));
        long id = approvals.forItem(item.id()).get(0).id();
        approvals.approve(id, "suzuki", Optional.empty(), "");
        approvals.voidFor(item.id(), "approved " + RENDITION + ", rendition is " + "c".repeat(64));
        TransferItem after = items.find(item.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ItemState.REJECTED);
        assertThat(after.reasonCode()).isEqualTo("APPROVAL_VOID");
        assertThat(items.due(10)).doesNotContain(item.id());
        assertThat(approvals.find(id).orElseThrow().state()).isEqualTo(ApprovalState.VOID);
        assertThat(outbox()).contains("APPROVAL_VOIDED", "ITEM_REJECTED");
    }

    @Test
    void twoRequestsExpiringTogetherEndTheItemOnce() {
        TransferItem item = held(
                "yamada",
                approval(ApprovalKind.SUPERVISOR, "group:kacho"),
                approval(ApprovalKind.SECURITY_OFFICER, "group:security-officers"));
        clock.advance(DEADLINE.multipliedBy(2));
        assertThat(approvals.sweep()).isEqualTo(new Approvals.Sweep(0, 1));
        assertThat(approvals.forItem(item.id()))
                .extracting(ApprovalRequest::state)
                .containsExactly(ApprovalState.EXPIRED, ApprovalState.VOID);
        assertThat(outbox().stream().filter("ITEM_REJECTED"::equals)).hasSize(1);
    }

    @Test
    void aRejectionNeedsAReasonEndsTheItemAndVoidsItsOtherRequests() {
        TransferItem item = held(
                "yamada",
                approval(ApprovalKind.SUPERVISOR, "group:kacho"),
                approval(ApprovalKind.SECURITY_OFFICER, "group:security-officers"));
        List<ApprovalRequest> requests = approvals.forItem(item.id());
        assertThat(requests).hasSize(2);
        long supervisor = requests.get(0).id();
        assertRefused(() -> approvals.reject(supervisor, "suzuki", "  "), ApprovalRefused.Reason.COMMENT_REQUIRED);

        approvals.reject(supervisor, "suzuki", "宛先が違います");
        assertThat(approvals.decidedBy("suzuki", 10))
                .as("kept for who decided it, with their comment")
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo(supervisor);
                    assertThat(r.state()).isEqualTo(ApprovalState.REJECTED);
                    assertThat(r.votes()).extracting(Vote::comment).containsExactly("宛先が違います");
                });
        assertThat(approvals.decidedBy("ito", 10)).isEmpty();
        TransferItem after = items.find(item.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ItemState.REJECTED);
        assertThat(after.reasonCode()).isEqualTo("APPROVAL_REJECTED");
        assertThat(after.reasonDetail()).isEqualTo("宛先が違います");
        assertThat(approvals.forItem(item.id()))
                .extracting(ApprovalRequest::state)
                .containsExactly(ApprovalState.REJECTED, ApprovalState.VOID);
        assertThat(items.due(10)).doesNotContain(item.id());
        assertRefused(
                () -> approvals.approve(requests.get(1).id(), "ito", Optional.empty(), ""),
                ApprovalRefused.Reason.NOT_PENDING);
        assertThat(outbox()).contains("APPROVAL_REJECTED", "APPROVAL_VOIDED", "ITEM_REJECTED");
    }

    @Test
    void afterTheDeadlineTheOfficersMayDecideAndAfterTwiceItTheRequestExpires() {
        TransferItem item = held("yamada", approval(ApprovalKind.SUPERVISOR, "group:kakaricho"));
        long id = approvals.forItem(item.id()).get(0).id();
        assertRefused(
                () -> approvals.approve(id, "kobayashi", Optional.empty(), ""), ApprovalRefused.Reason.NOT_AN_APPROVER);
        assertThat(approvals.sweep()).isEqualTo(new Approvals.Sweep(0, 0));

        clock.advance(DEADLINE.plusMinutes(1));
        assertThat(approvals.sweep()).isEqualTo(new Approvals.Sweep(1, 0));
        assertThat(approvals.find(id).orElseThrow().escalated()).isTrue();
        assertThat(approvals.decidableBy("kobayashi"))
                .extracting(ApprovalRequest::id)
                .containsExactly(id);
        assertThat(approvals.sweep()).isEqualTo(new Approvals.Sweep(0, 0));

        clock.advance(DEADLINE);
        assertRefused(() -> approvals.approve(id, "sato", Optional.empty(), ""), ApprovalRefused.Reason.NOT_PENDING);
        assertThat(approvals.sweep()).isEqualTo(new Approvals.Sweep(0, 1));
        assertThat(approvals.find(id).orElseThrow().state()).isEqualTo(ApprovalState.EXPIRED);
        TransferItem after = items.find(item.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ItemState.REJECTED);
        assertThat(after.reasonCode()).isEqualTo("APPROVAL_EXPIRED");
        assertThat(outbox()).contains("APPROVAL_ESCALATED", "APPROVAL_EXPIRED");
    }

    @Test
    void openingTwiceForTheSameItemAddsNothing() {
        Decision.NeedsApproval decision = decision(approval(ApprovalKind.SUPERVISOR, "group:kacho"));
        TransferItem item = sanitized("yamada");
        assertThat(approvals.open(item, decision, "{}")).isTrue();
        assertThat(approvals.open(item, decision, "{}")).isFalse();
        assertThat(approvals.forItem(item.id())).hasSize(1);
        assertThat(outbox().stream().filter("APPROVAL_REQUESTED"::equals)).hasSize(1);
    }

    private void account(String name, Role role, String... groups) {
        accounts.create(
                new Account(name, role, role == Role.PARTNER ? "acme" : "somu", List.of(), false),
                Optional.of("a long passphrase".toCharArray()),
                "test");
        if (groups.length > 0) {
            accounts.changeGroups(name, Set.of(groups), Set.of(), "test");
        }
    }

    private static Approval approval(ApprovalKind kind, String... approvers) {
        return new Approval(kind, List.of(approvers), DEADLINE);
    }

    private static Decision.NeedsApproval decision(Approval... approvals) {
        return new Decision.NeedsApproval(
                List.of(new RuleId("outbound-documents"), new RuleId("outbound-supervisor")),
                List.of(approvals),
                Settings.none());
    }

    private TransferItem held(String sender, Approval... wanted) {
        TransferItem item = sanitized(sender);
        assertThat(approvals.open(item, decision(wanted), "{\"dlp\":[]}")).isTrue();
        return items.find(item.id()).orElseThrow();
    }

    /** An outbound item that has been disarmed, as the pipeline leaves it before the second decision. */
    private TransferItem sanitized(String sender) {
        String id = String.format("%024d", ++serial);
        items.insertReceived(
                id,
                Flow.parse("lgwan->internet"),
                sender,
                "acme",
                Optional.empty(),
                "見積書.pdf",
                new StoredBlob(new BlobId("0".repeat(32)), 100, "d".repeat(64)));
        assertThat(items.advance(
                        id,
                        ItemState.RECEIVED,
                        ItemState.SANITIZED,
                        new StepFacts.Rendition(
                                new StoredBlob(new BlobId("1".repeat(32)), 100L, RENDITION),
                                "見積書.pdf",
                                "application/pdf",
                                "[]")))
                .isTrue();
        return items.find(id).orElseThrow();
    }

    private List<String> outbox() {
        return QueuedAudit.types(db);
    }

    private static void assertRefused(Runnable action, ApprovalRefused.Reason reason) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        ApprovalRefused.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(reason.english());
    }
}
