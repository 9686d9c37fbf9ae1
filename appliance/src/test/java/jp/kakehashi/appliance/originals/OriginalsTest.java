package jp.kakehashi.appliance.originals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.ApprovalState;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.jdbc.JdbcApprovalStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.jdbc.JdbcOriginalStore;
import jp.kakehashi.appliance.jdbc.JdbcQuarantineStore;
import jp.kakehashi.appliance.jdbc.JdbcRetentionStore;
import jp.kakehashi.appliance.retention.RetentionJob;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.policies.Retention;
import jp.kakehashi.sanitizer.ClamdClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 原本取り出し against the real store, with the shipped policy (the security officer approves, 24
 * hours out). The scanner here is a real client with no clamd behind it: an approved original
 * must then wait, never go out unscanned. The clean re-scan, the download and the withdrawal over
 * SFTP are in {@code OriginalReleaseIT}.
 */
class OriginalsTest {
    private static final Flow IN = Flow.parse("internet->lgwan");
    private static final Flow OUT = Flow.parse("lgwan->internet");

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T01:00:00Z"));
    final Policy policy = PolicyLoader.shippedDefault();
    Database db;
    Items items;
    Approvals approvals;
    EncryptedFileBlobStore blobs;
    Originals originals;
    OriginalReleaseJob job;
    int serial;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(tmp.resolve("kakehashi.db"));
        items = new Items(db, new JdbcItemStore(), clock);
        Accounts directory = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        approvals = new Approvals(db, new JdbcApprovalStore(), items, directory, clock);
        SecureRandom random = new SecureRandom();
        blobs = new EncryptedFileBlobStore(tmp, MasterKey.generate(tmp.resolve("master.key"), random), random);
        originals = new Originals(db, new JdbcOriginalStore(), items, directory, approvals, () -> policy, clock);
        job = new OriginalReleaseJob(
                db, new JdbcOriginalStore(), items, approvals, blobs, scannerNobodyAnswers(), clock);
        Accounts accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(random), clock);
        for (Account a : List.of(
                new Account("tanaka", Role.STAFF, "somu", List.of(), false),
                new Account("ito", Role.OFFICER, "somu", List.of(), false),
                new Account("acme-user", Role.PARTNER, "acme", List.of(), false))) {
            accounts.create(a, Optional.of("a long passphrase".toCharArray()), "test");
        }
        accounts.changeGroups("ito", Set.of("security-officers"), Set.of(), "test");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void onlyTheOriginalOfAPublishedInboundFileMayBeAskedFor() throws IOException {
        String outbound = item(OUT, true);
        String unpublished = item(IN, false);
        assertRefused(() -> originals.request(outbound, "tanaka", "確認"), OriginalRefused.Reason.NOT_DISARMED);
        assertRefused(() -> originals.request(unpublished, "tanaka", "確認"), OriginalRefused.Reason.NOT_DISARMED);
        String inbound = item(IN, true);
        assertRefused(
                () -> originals.request(inbound, "tanaka", "あ".repeat(Originals.MAX_REASON + 1)),
                OriginalRefused.Reason.REASON_TOO_LONG);
        OriginalRequest r = originals.request(inbound, "tanaka", "  原本の数式を確認するため  ");
        assertThat(r.reason()).isEqualTo("原本の数式を確認するため");
        assertThat(r.state()).isEqualTo(OriginalState.REQUESTED);
        assertThat(r.availableFor()).isEqualTo(policy.originals().availableFor());
    }

    @Test
    void anApprovedOriginalWaitsWhileTheScannerIsDownAndNothingIsAvailable() throws IOException {
        String id = item(IN, true);
        OriginalRequest r = originals.request(id, "tanaka", "原本の数式を確認するため");
        ApprovalRequest approval = only(r);
        assertThat(approval.sha256()).isEqualTo(items.find(id).orElseThrow().sha256());
        approvals.approve(approval.id(), "ito", Optional.empty(), "確認しました");

        OriginalReleaseJob.Sweep sweep = job.sweep();
        assertThat(sweep.approved()).isEqualTo(1);
        assertThat(sweep.deferred()).isEqualTo(1);
        assertThat(sweep.released()).isZero();
        assertThat(originals.find(r.id()).orElseThrow().state()).isEqualTo(OriginalState.APPROVED);
        assertThat(originals.availableTo("tanaka")).isEmpty();
        assertThat(originals.open(r.id(), "tanaka")).isEmpty();
        assertThat(items.due(10))
                .as("a request for an original never puts the item back in the pipeline")
                .isEmpty();
    }

    @Test
    void anExpiredRequestIsRefusedAndTheDisarmedFileStaysPublished() throws IOException {
        String id = item(IN, true);
        OriginalRequest r = originals.request(id, "tanaka", "原本の押印を確認するため");
        clock.advance(policy.originals().approval().deadline().multipliedBy(2));
        assertThat(approvals.sweep().expired()).isEqualTo(1);
        assertThat(job.sweep().refused()).isEqualTo(1);
        OriginalRequest ended = originals.find(r.id()).orElseThrow();
        assertThat(ended.state()).isEqualTo(OriginalState.REFUSED);
        assertThat(ended.outcome()).contains(OriginalOutcome.APPROVAL_EXPIRED);
        assertThat(items.find(id).orElseThrow().state()).isEqualTo(ItemState.PUBLISHED);
        // Ended, so the same person may ask again.
        assertThat(originals.request(id, "tanaka", "もう一度お願いします").state()).isEqualTo(OriginalState.REQUESTED);
    }

    @Test
    void anOriginalErasedByRetentionCannotBeAskedForAndEndsTheRequestsWaitingForIt() throws IOException {
        String id = item(IN, true);
        OriginalRequest r = originals.request(id, "tanaka", "原本の書式を確認するため");
        clock.advance(Duration.ofDays(2));
        SearchIndex index = SearchIndex.open(tmp.resolve("index"));
        try {
            assertThat(new RetentionJob(
                                    db,
                                    new JdbcRetentionStore(),
                                    items,
                                    blobs,
                                    index,
                                    () -> policy,
                                    clock,
                                    item -> false,
                                    new JdbcQuarantineStore())
                            .sweep()
                            .originalsErased())
                    .isEqualTo(1);
        } finally {
            index.close();
        }
        assertThat(job.sweep().refused()).isEqualTo(1);
        assertThat(originals.find(r.id()).orElseThrow().outcome()).contains(OriginalOutcome.ORIGINAL_ERASED);
        assertThat(only(r).state())
                .as("its approval leaves the officer's queue")
                .isEqualTo(ApprovalState.VOID);
        assertRefused(() -> originals.request(id, "tanaka", "もう一度お願いします"), OriginalRefused.Reason.ORIGINAL_ERASED);
    }

    private ApprovalRequest only(OriginalRequest r) {
        assertThat(approvals.forItem(r.item()))
                .as("not a request for the item's release")
                .isEmpty();
        List<ApprovalRequest> requests = approvals.forOriginal(r.id());
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    /** An item on that flow whose original is kept one day; published when asked. */
    private String item(Flow flow, boolean published) throws IOException {
        String id = String.format("%024d", ++serial);
        StoredBlob original = store("見積書の原本です");
        items.insertReceived(
                id, flow, flow.equals(IN) ? "acme-user" : "tanaka", "acme", Optional.empty(), "見積書.txt", original);
        items.recordDecision(
                id,
                new RecordedFacts(Facts.of(flow, "text/plain", original.size(), false), ""),
                "allow",
                new Retention(Duration.ofDays(1), Duration.ofDays(30)));
        if (published) {
            StoredBlob rendition = store("見積書の無害化済みです");
            assertThat(items.advance(
                            id,
                            ItemState.RECEIVED,
                            ItemState.SANITIZED,
                            new StepFacts.Rendition(rendition, "見積書.txt", "text/plain", "[]")))
                    .isTrue();
            assertThat(items.advance(
                            id, ItemState.SANITIZED, ItemState.PUBLISHED, new StepFacts.Published(clock.instant())))
                    .isTrue();
        }
        return id;
    }

    private StoredBlob store(String text) throws IOException {
        try (var writer = blobs.create()) {
            writer.write(text.getBytes(StandardCharsets.UTF_8));
            return writer.commit();
        }
    }

    /** A real client pointed at a loopback port nothing listens on. */
    private static ClamdClient scannerNobodyAnswers() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return ClamdClient.create(ClamdClient.address("tcp://127.0.0.1:" + port), Duration.ofSeconds(1), 1 << 20);
    }

    private static void assertRefused(Runnable action, OriginalRefused.Reason reason) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        OriginalRefused.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(reason.english());
    }
}
