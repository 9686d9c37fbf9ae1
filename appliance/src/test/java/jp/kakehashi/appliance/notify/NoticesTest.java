package jp.kakehashi.appliance.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.Departments;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcApprovalStore;
import jp.kakehashi.appliance.jdbc.JdbcDepartmentStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.jdbc.JdbcMailStore;
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
 * Issue 25: an approval request is told to those who may decide it (not the sender, not someone
 * the policy does not name), and the decision to the sender with the approver's comment; each
 * event once, however often the audit queue is drained.
 */
class NoticesTest {
    private static final String RENDITION = "a".repeat(64);

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T01:00:00Z"));
    Database db;
    AuditLog audit;
    Accounts accounts;
    Items items;
    Approvals approvals;
    Departments departments;
    final JdbcMailStore mail = new JdbcMailStore();

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        audit = AuditLog.open(
                tmp.resolve("audit"),
                AuditKeys.loadOrGenerate(
                        tmp.resolve("audit.key"), tmp.resolve("audit").resolve("audit-public.key"), new SecureRandom()),
                clock);
        accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        items = new Items(db, new JdbcItemStore(), clock);
        approvals = new Approvals(db, new JdbcApprovalStore(), items, accounts, clock);
        departments = new Departments(db, new JdbcDepartmentStore(), clock);
        departments.add("zeimu", "税務課", "test");
        audit.follow(new Notices(
                new JdbcItemStore(),
                new jp.kakehashi.appliance.jdbc.JdbcFolderStore(),
                new JdbcIdentityStore(),
                new JdbcApprovalStore(),
                approvals,
                mail,
                new Names(accounts, departments),
                zone -> "https://kakehashi." + zone.word() + ".example",
                clock));
        staff("tanaka", "kakaricho");
        staff("suzuki", "kacho");
        staff("yamada");
        staff("kato", "kacho");
        accounts.setContact("kato", new Contact(Optional.of("kato@city.example.lg.jp"), Contact.Frequency.OFF), "test");
        accounts.setDisplayName("tanaka", Optional.of("田中 花子"), "test");
        accounts.setDisplayName("suzuki", Optional.of("鈴木 一郎"), "test");
        accounts.nameOrganisation("acme", "株式会社アクメ", "test");
    }

    @AfterEach
    void close() {
        audit.close();
        db.close();
    }

    @Test
    void theApproversAreAskedAndTheSenderIsToldTheDecisionWithTheComment() {
        TransferItem item = sanitized("tanaka");
        assertThat(approvals.open(
                        item,
                        new Decision.NeedsApproval(
                                List.of(new RuleId("outbound-supervisor")),
                                List.of(new Approval(
                                        ApprovalKind.SUPERVISOR, List.of("group:kacho"), Duration.ofDays(3))),
                                Settings.none()),
                        "{\"dlp\":[]}"))
                .isTrue();
        audit.drain(db);
        audit.drain(db);

        List<Notice> asked = sent();
        assertThat(asked)
                .as("kacho members who want notices; not the sender, not yamada, not kato (notices off)")
                .extracting(Notice::recipient)
                .containsExactly("suzuki@city.example.lg.jp");
        ApprovalRequest r = approvals.forItem(item.id()).get(0);
        assertThat(asked.get(0).subject()).isEqualTo("【架け橋】承認の依頼 / Approval requested: 見積書.pdf");
        assertThat(asked.get(0).body())
                .as("people and organisations by the names they are known by")
                .contains("田中 花子（税務課） さんが 株式会社アクメ へ送るファイルの承認を求めています。")
                .contains("承認期限（過ぎると却下扱い）: 2026/12/13 10:00 JST")
                .contains("https://kakehashi.lgwan.example/approvals/" + r.id());

        approvals.reject(r.id(), "suzuki", "宛先の担当者名が違います");
        audit.drain(db);
        List<Notice> told = sent();
        assertThat(told).extracting(Notice::recipient).containsExactly("tanaka@city.example.lg.jp");
        assertThat(told.get(0).subject()).isEqualTo("【架け橋】却下されました / rejected: 見積書.pdf");
        assertThat(told.get(0).body())
                .contains("判断した人: 鈴木 一郎", "コメント: 宛先の担当者名が違います", "ファイルは送り先に渡りません。")
                .contains("https://kakehashi.lgwan.example/items/" + item.id());
    }

    /** Issue 25: one who asked for a daily mail gets the day's notices in one, each once. */
    @Test
    void aDailyPersonGetsTheDaysNoticesInOneMail() {
        accounts.setContact(
                "suzuki", new Contact(Optional.of("suzuki@city.example.lg.jp"), Contact.Frequency.DAILY), "test");
        accounts.setContact(
                "kato", new Contact(Optional.of("kato@city.example.lg.jp"), Contact.Frequency.DAILY), "test");
        for (int i = 0; i < 2; i++) {
            TransferItem item = sanitized("tanaka", String.format("%024d", 10 + i));
            approvals.open(
                    item,
                    new Decision.NeedsApproval(
                            List.of(new RuleId("outbound-supervisor")),
                            List.of(new Approval(ApprovalKind.SUPERVISOR, List.of("group:kacho"), Duration.ofDays(3))),
                            Settings.none()),
                    "{\"dlp\":[]}");
        }
        audit.drain(db);
        assertThat(sent())
                .as("nothing goes at once for those who asked for a daily mail")
                .isEmpty();

        Mailer mailer = new Mailer(
                db,
                mail,
                new MailSettings(
                        new jp.kakehashi.appliance.net.Endpoint(java.net.InetAddress.getLoopbackAddress(), 25),
                        "kakehashi@city.example.lg.jp",
                        true),
                clock);
        assertThat(mailer.gatherDigests()).isEqualTo(2);
        assertThat(mailer.gatherDigests()).as("each notice once").isZero();
        List<Notice> digests = sent();
        assertThat(digests)
                .extracting(Notice::recipient)
                .containsExactlyInAnyOrder("suzuki@city.example.lg.jp", "kato@city.example.lg.jp");
        assertThat(digests.get(0).subject()).isEqualTo("【架け橋】本日のお知らせ（2 件） / Today's notices");
        assertThat(digests.get(0).body())
                .contains("■ 【架け橋】承認の依頼 / Approval requested: 見積書.pdf")
                .contains("架け橋 (Kakehashi) からの自動通知です");
    }

    /** What the mail job would send now, marked sent so the next call shows only what came after. */
    private List<Notice> sent() {
        return db.writing(tx -> {
            List<MailStore.Queued> due = mail.due(tx, clock.instant().plus(Duration.ofDays(1)), 100);
            due.forEach(q -> mail.sent(tx, q.id(), clock.instant()));
            return due.stream().map(MailStore.Queued::notice).toList();
        });
    }

    private void staff(String name, String... groups) {
        accounts.create(
                new Account(name, Role.STAFF, "zeimu", List.of(), false),
                Optional.of("a long passphrase".toCharArray()),
                "test");
        accounts.changeGroups(name, Set.of(groups), Set.of(), "test");
        accounts.setContact(
                name, new Contact(Optional.of(name + "@city.example.lg.jp"), Contact.Frequency.IMMEDIATELY), "test");
    }

    private TransferItem sanitized(String sender) {
        return sanitized(sender, "0".repeat(23) + "1");
    }

    private TransferItem sanitized(String sender, String id) {
        items.insertReceived(
                id,
                Flow.parse("lgwan->internet"),
                sender,
                "acme",
                Optional.of("zeimu"),
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
}
