package jp.kakehashi.appliance.folders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.QueuedAudit;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcFolderStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.jdbc.JdbcShareLinkStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 共有フォルダ on the real metadata store: members and their end, versions, conflicts and locks. */
class FoldersTest {
    private static final Flow IN = new Flow(Zone.INTERNET, Zone.LGWAN);
    private static final Flow OUT = new Flow(Zone.LGWAN, Zone.INTERNET);

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T01:00:00Z"));
    Database db;
    Items items;
    Accounts accounts;
    Folders folders;
    int serial;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        items = new Items(db, new JdbcItemStore(), clock);
        accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        for (Account a : List.of(
                new Account("tanaka", Role.STAFF, "doboku", List.of(), false),
                new Account("suzuki", Role.STAFF, "doboku", List.of(), false),
                new Account("ito", Role.OFFICER, "joho", List.of(), false),
                new Account("acme-user", Role.PARTNER, "acme", List.of(), false),
                new Account("acme-sato", Role.PARTNER, "acme", List.of(), false),
                new Account("other-user", Role.PARTNER, "other", List.of(), false))) {
            accounts.create(a, Optional.of("a long passphrase".toCharArray()), "test");
        }
        folders = new Folders(db, new JdbcFolderStore(), items, accounts, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void staffCreateAFolderAndItsManagerDecidesWhoIsInItUntilWhen() {
        Folder f = folders.create("tanaka", "市道三号線 補修工事", "acme との補修工事の図面と見積", "doboku");
        assertThat(folders.access("tanaka", f.id())).contains(FolderRole.MANAGER);
        assertRefused(() -> folders.create("acme-user", "取引先のフォルダ", "x", "acme"), FolderRefused.Reason.NOT_STAFF);
        assertRefused(
                () -> folders.create("suzuki", "市道三号線　補修工事".replace('　', ' '), "重複", "doboku"),
                FolderRefused.Reason.NAME_TAKEN);
        assertRefused(() -> folders.create("suzuki", "a/b", "x", "doboku"), FolderRefused.Reason.BAD_NAME);

        folders.setMember(
                "tanaka",
                f.id(),
                Member.Kind.ORGANISATION,
                "acme",
                FolderRole.EDITOR,
                Optional.of(clock.instant().plus(Duration.ofDays(30))));
        assertThat(folders.access("acme-sato", f.id())).contains(FolderRole.EDITOR);
        assertThat(folders.access("other-user", f.id())).isEmpty();
        assertThat(folders.visibleTo("acme-user")).extracting(Folder::name).containsExactly("市道三号線 補修工事");
        assertThat(folders.visibleTo("other-user")).isEmpty();

        assertRefused(
                () -> folders.setMember(
                        "acme-user", f.id(), Member.Kind.USER, "other-user", FolderRole.VIEWER, Optional.empty()),
                FolderRefused.Reason.ROLE_TOO_LOW);
        assertRefused(
                () -> folders.setMember(
                        "tanaka", f.id(), Member.Kind.USER, "acme-user", FolderRole.MANAGER, Optional.empty()),
                FolderRefused.Reason.PARTNER_CANNOT_MANAGE);
        assertRefused(
                () -> folders.setMember("tanaka", f.id(), Member.Kind.USER, "ito", FolderRole.VIEWER, Optional.empty()),
                FolderRefused.Reason.NOT_A_MEMBER_KIND);
        assertRefused(
                () -> folders.setMember(
                        "tanaka", f.id(), Member.Kind.ORGANISATION, "nobody", FolderRole.VIEWER, Optional.empty()),
                FolderRefused.Reason.NO_SUCH_ORGANISATION);
        assertRefused(
                () -> folders.removeMember("tanaka", f.id(), Member.Kind.USER, "tanaka"),
                FolderRefused.Reason.LAST_MANAGER);

        clock.advance(Duration.ofDays(31));
        assertThat(folders.access("acme-sato", f.id()))
                .as("the organisation's end date passed")
                .isEmpty();
        folders.setMember("tanaka", f.id(), Member.Kind.USER, "acme-sato", FolderRole.VIEWER, Optional.empty());
        assertThat(folders.access("acme-sato", f.id())).contains(FolderRole.VIEWER);
        folders.removeMember("tanaka", f.id(), Member.Kind.USER, "acme-sato");
        assertThat(folders.access("acme-sato", f.id())).as("removed: at once").isEmpty();
        assertThat(audited())
                .contains(AuditType.FOLDER_CREATED, AuditType.FOLDER_MEMBER_SET, AuditType.FOLDER_MEMBER_REMOVED);
    }

    @Test
    void eachSideSeesTheLastVersionAllowedToItAndANewerOneAsPending() {
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("acme-user", f.id(), "図面.pdf", OptionalInt.empty(), item());
        assertThat(v1.number()).isEqualTo(1);
        long file = v1.file();
        assertThat(folders.current("tanaka", file).visible())
                .as("not disarmed yet")
                .isEmpty();
        assertThat(folders.current("tanaka", file).pending())
                .map(FileVersion::number)
                .contains(1);

        publish(v1.item());
        assertThat(folders.current("tanaka", file).visible())
                .map(FileVersion::number)
                .contains(1);

        FileVersion v2 = folders.addVersion("tanaka", f.id(), "図面.PDF", OptionalInt.of(1), item());
        assertThat(v2.number()).isEqualTo(2);
        assertThat(folders.current("suzuki", file).visible())
                .as("colleagues see it at once")
                .map(FileVersion::number)
                .contains(2);
        Folders.Current partner = folders.current("acme-user", file);
        assertThat(partner.visible())
                .as("not through the outbound policy yet")
                .map(FileVersion::number)
                .contains(1);
        assertThat(partner.pending()).map(FileVersion::itemState).contains("RECEIVED");

        publish(v2.item());
        assertThat(folders.current("acme-user", file).visible())
                .map(FileVersion::number)
                .contains(2);
        assertThat(folders.current("acme-user", file).pending()).isEmpty();

        FileVersion v3 = folders.restore("acme-user", file, 1, 2);
        assertThat(v3.number()).isEqualTo(3);
        assertThat(v3.item()).isEqualTo(v1.item());
        assertThat(v3.restoredFrom()).contains(1);
        assertThat(folders.versions(file)).extracting(FileVersion::number).containsExactly(1, 2, 3);
        assertRefused(() -> folders.current("other-user", file), FolderRefused.Reason.NOT_A_MEMBER);
    }

    @Test
    void anUploadBasedOnAnOlderVersionIsRefusedNotSilentlyOverwritten() {
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("tanaka", f.id(), "見積書.xlsx", OptionalInt.empty(), item());
        folders.addVersion("suzuki", f.id(), "見積書.xlsx", OptionalInt.of(1), item());
        assertRefused(
                () -> folders.addVersion("acme-user", f.id(), "見積書.xlsx", OptionalInt.of(1), item()),
                FolderRefused.Reason.CONFLICT);
        assertRefused(
                () -> folders.addVersion("acme-user", f.id(), "見積書.ＸＬＳＸ", OptionalInt.empty(), item()),
                FolderRefused.Reason.EXISTS);
        assertThat(folders.versions(v1.file())).hasSize(2);
        assertThat(audited()).as("the refused upload is on record").contains(AuditType.FOLDER_CONFLICT);
        assertThat(folders.addVersion("acme-user", f.id(), "見積書.xlsx", OptionalInt.of(2), item())
                        .number())
                .isEqualTo(3);
    }

    /**
     * ATTACKS NAME-02 and NAME-09: names that look the same are one file. A macOS client sends
     * {@code か + U+3099} where Windows sends {@code が}; case and full-width letters differ too.
     * The file keeps the NFC form, and a second "new" file under a look-alike name is refused.
     */
    @Test
    void namesThatLookTheSameAreOneFileStoredInNfc() {
        Folder f = sharedWithAcme();
        FileVersion first = folders.addVersion("tanaka", f.id(), "か\u3099いき.txt", OptionalInt.empty(), item());
        for (String lookAlike : List.of("がいき.txt", "がいき.TXT")) {
            assertRefused(
                    () -> folders.addVersion("acme-user", f.id(), lookAlike, OptionalInt.empty(), item()),
                    FolderRefused.Reason.EXISTS);
        }
        folders.addVersion("tanaka", f.id(), "Report.pdf", OptionalInt.empty(), item());
        for (String lookAlike : List.of("report.pdf", "REPORT.PDF", "ｒｅｐｏｒｔ.pdf", "Ｒｅｐｏｒｔ．ｐｄｆ")) {
            assertRefused(
                    () -> folders.addVersion("acme-user", f.id(), lookAlike, OptionalInt.empty(), item()),
                    FolderRefused.Reason.EXISTS);
        }
        assertThat(folders.files(f.id()))
                .extracting(FolderFile::name)
                .containsExactlyInAnyOrder("がいき.txt", "Report.pdf");
        assertThat(folders.files(f.id()).stream()
                        .filter(file -> file.id() == first.file())
                        .findFirst()
                        .orElseThrow()
                        .name())
                .as("stored in NFC")
                .isEqualTo(Normalizer.normalize("か\u3099いき.txt", Normalizer.Form.NFC));
        assertThat(folders.addVersion("acme-user", f.id(), "ｒｅｐｏｒｔ.pdf", OptionalInt.of(1), item())
                        .number())
                .as("a look-alike name with its base is the next version of the same file")
                .isEqualTo(2);
    }

    @Test
    void aClientThatCannotNameItsBaseIsTakenToStartFromWhatItFetchedOrWrote() {
        Folder f = sharedWithAcme();
        assertThat(folders.basisFor("acme-user", f.id(), "図面.docx")).isEmpty();
        FileVersion v1 = folders.addVersion("tanaka", f.id(), "図面.docx", OptionalInt.empty(), item());
        publish(v1.item());
        assertThat(folders.basisFor("tanaka", f.id(), "図面.docx")).hasValue(1);
        assertThat(folders.basisFor("acme-user", f.id(), "図面.docx"))
                .as("never fetched: an upload would be a blind overwrite, so it conflicts")
                .hasValue(0);
        folders.recordRead("acme-user", v1.file(), 1);
        assertThat(folders.basisFor("acme-user", f.id(), "図面.ＤＯＣＸ")).hasValue(1);
        folders.addVersion("suzuki", f.id(), "図面.docx", OptionalInt.of(1), item());
        assertThat(folders.basisFor("acme-user", f.id(), "図面.docx"))
                .as("a newer version it has not fetched does not become its base")
                .hasValue(1);
        folders.recordRead("acme-user", v1.file(), 2);
        folders.recordRead("acme-user", v1.file(), 1);
        assertThat(folders.basisFor("acme-user", f.id(), "図面.docx"))
                .as("re-reading an old version does not move the base back")
                .hasValue(2);
    }

    @Test
    void aVersionNobodyWillSeeDoesNotBecomeTheBaseOfTheNext() {
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("tanaka", f.id(), "図面.docx", OptionalInt.empty(), item());
        publish(v1.item());
        FileVersion v2 = folders.addVersion("acme-user", f.id(), "図面.docx", OptionalInt.of(1), item());
        assertThat(items.advance(v2.item(), ItemState.RECEIVED, ItemState.BLOCKED, new StepFacts.None()))
                .isTrue();
        FileVersion v3 = folders.addVersion("suzuki", f.id(), "図面.docx", OptionalInt.of(1), item());
        assertThat(v3.number()).isEqualTo(3);
        assertThat(v3.basedOn()).isEqualTo(1);
        assertRefused(
                () -> folders.addVersion("acme-user", f.id(), "図面.docx", OptionalInt.of(2), item()),
                FolderRefused.Reason.CONFLICT);
    }

    @Test
    void theVersionEachSideSeesNowIsCurrentForRetentionAndASupersededOneIsNot() {
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("tanaka", f.id(), "図面.docx", OptionalInt.empty(), item());
        publish(v1.item());
        FileVersion v2 = folders.addVersion("suzuki", f.id(), "図面.docx", OptionalInt.of(1), item());
        assertThat(folders.isCurrent(v2.item())).as("colleagues see it at once").isTrue();
        assertThat(folders.isCurrent(v1.item()))
                .as("partners still see version 1")
                .isTrue();
        publish(v2.item());
        assertThat(folders.isCurrent(v1.item())).as("replaced on both sides").isFalse();
        assertThat(folders.isCurrent("not-in-a-folder")).isFalse();
    }

    @Test
    void aDisarmedCopySavedBackUnderItsRenditionNameIsANewVersionOfTheOriginal() {
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("acme-user", f.id(), "見積書.docm", OptionalInt.empty(), item());
        assertThat(items.advance(
                        v1.item(),
                        ItemState.RECEIVED,
                        ItemState.PUBLISHED,
                        new StepFacts.Rendition(
                                new StoredBlob(new BlobId("c".repeat(32)), 1, "0".repeat(64)),
                                "見積書.docx",
                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                "[]")))
                .isTrue();
        FileVersion v2 = folders.addVersion("tanaka", f.id(), "見積書.docx", OptionalInt.of(1), item());
        assertThat(v2.file()).isEqualTo(v1.file());
        assertThat(v2.number()).isEqualTo(2);
        assertThat(folders.files(f.id())).hasSize(1);
    }

    @Test
    void aShareLinkServesOnlyAReleasedVersionUntilItExpiresIsUsedUpRevokedOrGuessedAt() {
        ShareLinks links = new ShareLinks(
                db,
                new JdbcShareLinkStore(),
                new JdbcFolderStore(),
                accounts,
                new PasswordHasher(new SecureRandom()),
                new SecureRandom(),
                clock);
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("tanaka", f.id(), "案内.docx", OptionalInt.empty(), item());
        assertShareRefused(
                () -> links.create("tanaka", v1.file(), "acme 山田様", Duration.ofDays(7), Optional.empty(), 2),
                ShareLinkRefused.Reason.NOT_RELEASED);
        publish(v1.item());
        assertShareRefused(
                () -> links.create("acme-user", v1.file(), "誰か", Duration.ofDays(7), Optional.empty(), 2),
                ShareLinkRefused.Reason.NOT_STAFF);
        accounts.create(
                new Account("sato", Role.STAFF, "jinji", List.of(), false),
                Optional.of("a long passphrase".toCharArray()),
                "test");
        assertRefused(
                () -> links.create("sato", v1.file(), "誰か", Duration.ofDays(7), Optional.empty(), 2),
                FolderRefused.Reason.NOT_A_MEMBER);
        assertShareRefused(
                () -> links.create("tanaka", v1.file(), " ", Duration.ofDays(7), Optional.empty(), 2),
                ShareLinkRefused.Reason.RECIPIENT_REQUIRED);
        assertShareRefused(
                () -> links.create("tanaka", v1.file(), "acme", Duration.ofDays(31), Optional.empty(), 2),
                ShareLinkRefused.Reason.BAD_VALIDITY);
        assertShareRefused(
                () -> links.create("tanaka", v1.file(), "acme", Duration.ofDays(7), Optional.empty(), 101),
                ShareLinkRefused.Reason.BAD_LIMIT);
        assertShareRefused(
                () -> links.create(
                        "tanaka", v1.file(), "acme", Duration.ofDays(7), Optional.of("short".toCharArray()), 2),
                ShareLinkRefused.Reason.WEAK_PASSWORD);

        ShareLinks.Created open =
                links.create("tanaka", v1.file(), "acme 山田様", Duration.ofDays(7), Optional.empty(), 2);
        assertThat(open.token()).hasSize(43);
        String stored = db.read(c -> {
            try (var s = c.prepareStatement("SELECT token_sha256 FROM share_links WHERE id = ?")) {
                s.setLong(1, open.link().id());
                var rs = s.executeQuery();
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(stored)
                .as("only the token's digest is stored")
                .isEqualTo(jp.kakehashi.appliance.identity.LinkTokens.digest(open.token()))
                .doesNotContain(open.token());
        assertThat(links.take(open.token(), Optional.empty(), "192.0.2.1")
                        .version()
                        .number())
                .isEqualTo(1);
        links.take(open.token(), Optional.empty(), "192.0.2.1");
        assertShareRefused(
                () -> links.take(open.token(), Optional.empty(), "192.0.2.1"), ShareLinkRefused.Reason.USED_UP);
        assertShareRefused(
                () -> links.take(open.token() + "x", Optional.empty(), "192.0.2.1"),
                ShareLinkRefused.Reason.NO_SUCH_LINK);

        ShareLinks.Created guarded = links.create(
                "tanaka",
                v1.file(),
                "acme",
                Duration.ofDays(1),
                Optional.of("correct horse battery".toCharArray()),
                10);
        assertShareRefused(
                () -> links.take(guarded.token(), Optional.empty(), "x"), ShareLinkRefused.Reason.PASSWORD_NEEDED);
        for (int i = 0; i < 5; i++) {
            assertShareRefused(
                    () -> links.take(guarded.token(), Optional.of("wrong password!!".toCharArray()), "x"),
                    ShareLinkRefused.Reason.WRONG_PASSWORD);
        }
        assertShareRefused(
                () -> links.take(guarded.token(), Optional.of("correct horse battery".toCharArray()), "x"),
                ShareLinkRefused.Reason.LOCKED);

        ShareLinks.Created later = links.create("tanaka", v1.file(), "acme", Duration.ofDays(1), Optional.empty(), 10);
        assertShareRefused(() -> links.revoke("acme-user", later.link().id()), ShareLinkRefused.Reason.NOT_YOURS);
        clock.advance(Duration.ofDays(1));
        assertShareRefused(() -> links.take(later.token(), Optional.empty(), "x"), ShareLinkRefused.Reason.EXPIRED);
        ShareLinks.Created revoked =
                links.create("suzuki", v1.file(), "acme", Duration.ofDays(1), Optional.empty(), 10);
        links.revoke("tanaka", revoked.link().id());
        assertShareRefused(() -> links.take(revoked.token(), Optional.empty(), "x"), ShareLinkRefused.Reason.REVOKED);
        assertThat(audited())
                .contains(
                        AuditType.SHARE_LINK_CREATED,
                        AuditType.SHARE_LINK_DOWNLOADED,
                        AuditType.SHARE_LINK_REFUSED,
                        AuditType.SHARE_LINK_REVOKED);
    }

    @Test
    void aLockKeepsOthersOutUntilReleasedOrRunOut() {
        Folder f = sharedWithAcme();
        long file = folders.addVersion("tanaka", f.id(), "議事録.docx", OptionalInt.empty(), item())
                .file();
        FileLock lock = folders.lock("acme-user", file, Duration.ofHours(2));
        assertThat(folders.lockOf(file)).contains(lock);
        assertRefused(
                () -> folders.addVersion("suzuki", f.id(), "議事録.docx", OptionalInt.of(1), item()),
                FolderRefused.Reason.LOCKED);
        assertRefused(() -> folders.lock("suzuki", file, Duration.ofHours(1)), FolderRefused.Reason.LOCKED);
        assertRefused(() -> folders.unlock("acme-sato", file), FolderRefused.Reason.NOT_LOCK_HOLDER);
        assertRefused(() -> folders.lock("acme-user", file, Duration.ofHours(9)), FolderRefused.Reason.LOCK_TOO_LONG);
        assertThat(folders.addVersion("acme-user", f.id(), "議事録.docx", OptionalInt.of(1), item())
                        .number())
                .isEqualTo(2);

        folders.unlock("tanaka", file);
        assertThat(folders.lockOf(file)).as("a manager may release it").isEmpty();
        folders.lock("acme-user", file, Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(61));
        assertThat(folders.lockOf(file)).as("run out").isEmpty();
        assertThat(folders.addVersion("suzuki", f.id(), "議事録.docx", OptionalInt.of(2), item())
                        .number())
                .isEqualTo(3);
        assertThat(audited())
                .contains(AuditType.FOLDER_LOCKED, AuditType.FOLDER_UNLOCKED, AuditType.FOLDER_VERSION_ADDED);
    }

    @Test
    void aPartnersVersionGoesInAStaffVersionGoesOutAndNeitherReachesAnInbox() {
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("acme-user", f.id(), "図面.pdf", OptionalInt.empty(), item());
        TransferItem in = items.find(v1.item()).orElseThrow();
        assertThat(in.flow()).isEqualTo(IN);
        assertThat(in.organisation()).isEqualTo("acme");
        assertThat(in.folder()).contains(f.id());
        assertThat(v1.zone()).isEqualTo(Zone.INTERNET);
        publish(v1.item());

        FileVersion v2 = folders.addVersion("tanaka", f.id(), "図面.pdf", OptionalInt.of(1), item());
        TransferItem out = items.find(v2.item()).orElseThrow();
        assertThat(out.flow()).isEqualTo(OUT);
        assertThat(out.sender()).isEqualTo("tanaka");
        assertThat(out.folder()).contains(f.id());
        publish(v2.item());
        FileVersion v3 = folders.addVersion("suzuki", f.id(), "図面.pdf", OptionalInt.of(2), item());

        assertThat(items.published(IN, Optional.empty())).as("staff inbox").isEmpty();
        assertThat(items.published(OUT, Optional.of("acme")))
                .as("partner inbox")
                .isEmpty();
        assertThat(items.published(OUT, Optional.of(""))).isEmpty();
        assertThat(items.previousVersion(items.find(v3.item()).orElseThrow()))
                .as("the approver compares with the folder's last version that went out")
                .map(TransferItem::id)
                .contains(v2.item());
    }

    @Test
    void aRefusedUploadLeavesNoItemAndIsRefusedBeforeItsBytesAreStored() {
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("tanaka", f.id(), "見積書.xlsx", OptionalInt.empty(), item());
        folders.addVersion("suzuki", f.id(), "見積書.xlsx", OptionalInt.of(1), item());
        int before = items.all().size();

        assertRefused(
                () -> folders.checkUpload("acme-user", f.id(), "見積書.xlsx", OptionalInt.of(1)),
                FolderRefused.Reason.CONFLICT);
        assertRefused(
                () -> folders.checkUpload("other-user", f.id(), "新規.xlsx", OptionalInt.empty()),
                FolderRefused.Reason.NOT_A_MEMBER);
        folders.checkUpload("acme-user", f.id(), "見積書.xlsx", OptionalInt.of(2));
        folders.lock("suzuki", v1.file(), Duration.ofHours(1));
        assertRefused(
                () -> folders.checkUpload("acme-user", f.id(), "見積書.xlsx", OptionalInt.of(2)),
                FolderRefused.Reason.LOCKED);
        assertRefused(
                () -> folders.addVersion("acme-user", f.id(), "見積書.xlsx", OptionalInt.of(2), item()),
                FolderRefused.Reason.LOCKED);
        folders.unlock("suzuki", v1.file());
        assertRefused(
                () -> folders.addVersion("acme-user", f.id(), "見積書.xlsx", OptionalInt.of(1), item()),
                FolderRefused.Reason.CONFLICT);
        assertThat(items.all()).as("no item without a version").hasSize(before);
    }

    @Test
    void theOrganisationsAStaffVersionGoesOutToAreTheActivePartnerMembers() {
        Folder f = sharedWithAcme();
        assertThat(folders.partnerOrganisations(f.id())).containsExactly("acme");
        folders.setMember(
                "tanaka",
                f.id(),
                Member.Kind.USER,
                "other-user",
                FolderRole.VIEWER,
                Optional.of(clock.instant().plus(Duration.ofDays(1))));
        assertThat(folders.partnerOrganisations(f.id())).containsExactly("acme", "other");
        clock.advance(Duration.ofDays(2));
        assertThat(folders.partnerOrganisations(f.id())).containsExactly("acme");
        folders.removeMember("tanaka", f.id(), Member.Kind.ORGANISATION, "acme");
        assertThat(folders.partnerOrganisations(f.id())).isEmpty();
    }

    @Test
    void aQuarantinedStaffVersionIsHiddenFromColleaguesToo() {
        Folder f = sharedWithAcme();
        FileVersion v1 = folders.addVersion("tanaka", f.id(), "報告.docx", OptionalInt.empty(), item());
        assertThat(items.advance(v1.item(), ItemState.RECEIVED, ItemState.QUARANTINED, new StepFacts.None()))
                .isTrue();
        Folders.Current seen = folders.current("suzuki", v1.file());
        assertThat(seen.visible()).isEmpty();
        assertThat(seen.pending()).map(FileVersion::itemState).contains("QUARANTINED");
    }

    @Test
    void viewersReadAndContributorsOnlyAddNewFiles() {
        Folder f = folders.create("tanaka", "広報誌", "NPO と広報誌の原稿", "kouhou");
        folders.setMember("tanaka", f.id(), Member.Kind.USER, "acme-user", FolderRole.CONTRIBUTOR, Optional.empty());
        folders.setMember("tanaka", f.id(), Member.Kind.USER, "acme-sato", FolderRole.VIEWER, Optional.empty());
        folders.addVersion("acme-user", f.id(), "原稿.docx", OptionalInt.empty(), item());
        assertRefused(
                () -> folders.addVersion("acme-user", f.id(), "原稿.docx", OptionalInt.of(1), item()),
                FolderRefused.Reason.ROLE_TOO_LOW);
        assertRefused(
                () -> folders.addVersion("acme-sato", f.id(), "写真.jpg", OptionalInt.empty(), item()),
                FolderRefused.Reason.ROLE_TOO_LOW);
        accounts.setDisabled("acme-user", true, "test");
        assertThat(folders.access("acme-user", f.id()))
                .as("a disabled account has no access")
                .isEmpty();
    }

    private Folder sharedWithAcme() {
        Folder f = folders.create("tanaka", "補修工事", "acme と補修工事の図面", "doboku");
        folders.setMember("tanaka", f.id(), Member.Kind.USER, "suzuki", FolderRole.EDITOR, Optional.empty());
        folders.setMember("tanaka", f.id(), Member.Kind.ORGANISATION, "acme", FolderRole.EDITOR, Optional.empty());
        return f;
    }

    private Folders.NewItem item() {
        return (tx, u) -> {
            String id = String.format("%024d", ++serial);
            return items.insertReceivedIn(
                            tx,
                            id,
                            u.flow(),
                            u.author(),
                            u.organisation(),
                            u.name(),
                            new StoredBlob(new BlobId("b".repeat(32)), 1, "0".repeat(64)),
                            u.folder())
                    .id();
        };
    }

    private void publish(String item) {
        assertThat(items.advance(item, ItemState.RECEIVED, ItemState.PUBLISHED, new StepFacts.None()))
                .isTrue();
    }

    private List<AuditType> audited() {
        return QueuedAudit.types(db).stream().map(AuditType::valueOf).toList();
    }

    private static void assertShareRefused(ThrowingCallable call, ShareLinkRefused.Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ShareLinkRefused.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }

    private static void assertRefused(ThrowingCallable call, FolderRefused.Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        FolderRefused.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }
}
