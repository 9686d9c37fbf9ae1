package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderRefused;
import jp.kakehashi.appliance.folders.FolderRole;
import jp.kakehashi.appliance.folders.FolderUploads;
import jp.kakehashi.appliance.folders.Folders;
import jp.kakehashi.appliance.folders.Member;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.originals.OriginalRefused;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 共有フォルダ through the real pipeline (issue 6): a partner's version is scanned and disarmed
 * before staff see it, a staff version passes the shipped outbound policy and its supervisor's
 * approval before the partner does, and neither ever reaches an inbox, a download by id, inbox
 * search or 原本取り出し: a folder's files are read only through the folder.
 */
class FolderIT {
    @TempDir
    Path tmp;

    @Test
    void versionsCrossThroughThePipelineAndReachOnlyTheFolder() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            Folders folders = appliance.folders();
            Folder f = folders.create("tanaka", "市道三号線 補修工事", "acme と補修工事の図面をやり取りする", "doboku");
            folders.setMember("tanaka", f.id(), Member.Kind.ORGANISATION, "acme", FolderRole.EDITOR, Optional.empty());
            folders.setMember("tanaka", f.id(), Member.Kind.USER, "suzuki", FolderRole.EDITOR, Optional.empty());

            // The partner's version is disarmed before staff see it.
            FileVersion v1 = upload(
                    appliance, "acme-user", f.id(), "図面.docx", OptionalInt.empty(), Specimens.docx("補修工事の図面と数量表です。"));
            assertThat(folders.current("tanaka", v1.file()).pending())
                    .map(FileVersion::number)
                    .contains(1);
            TransferItem in = await(appliance, v1.item(), ItemState.PUBLISHED);
            assertThat(in.flow()).isEqualTo(new Flow(Zone.INTERNET, Zone.LGWAN));
            assertThat(in.folder()).contains(f.id());
            assertThat(folders.current("tanaka", v1.file()).visible())
                    .map(FileVersion::number)
                    .contains(1);

            // ... and reaches no inbox, on either protocol, nor inbox search or 原本取り出し.
            HttpClient http = PortalClient.trusting(data);
            PortalClient staff = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            staff.signIn("tanaka");
            assertThat(staff.get("/inbox").body()).doesNotContain("図面");
            assertThat(staff.get("/items/" + in.id()).statusCode()).isEqualTo(404);
            assertThat(staff.get("/download/" + in.id()).statusCode()).isEqualTo(404);
            assertThat(staff.get("/search?q=" + URLEncoder.encode("数量表", StandardCharsets.UTF_8))
                            .body())
                    .as("found as the folder's file, never as a delivered item")
                    .doesNotContain("/items/" + in.id())
                    .contains("/files/" + v1.file());
            assertThat(appliance.index().search("数量表", Zone.LGWAN, Optional.empty(), 10))
                    .isEmpty();
            assertThat(deliveredOverSftp(appliance, Zone.LGWAN, "tanaka", "/from-partners"))
                    .noneMatch(n -> n.contains("図面"));
            assertThatThrownBy(() -> appliance.originals().request(in.id(), "tanaka", "原本で確認したい"))
                    .isInstanceOfSatisfying(
                            OriginalRefused.class,
                            r -> assertThat(r.reason()).isEqualTo(OriginalRefused.Reason.IN_FOLDER));

            // A staff version passes the outbound policy: the shipped one asks a supervisor first.
            FileVersion v2 =
                    upload(appliance, "tanaka", f.id(), "図面.docx", OptionalInt.of(1), Specimens.docx("補修工事の図面 改訂版です。"));
            TransferItem out = await(appliance, v2.item(), ItemState.AWAITING_APPROVAL);
            assertThat(out.flow()).isEqualTo(new Flow(Zone.LGWAN, Zone.INTERNET));
            assertThat(folders.current("suzuki", v2.file()).visible())
                    .as("colleagues see it at once")
                    .map(FileVersion::number)
                    .contains(2);
            Folders.Current partnerSees = folders.current("acme-user", v2.file());
            assertThat(partnerSees.visible()).map(FileVersion::number).contains(1);
            assertThat(partnerSees.pending()).map(FileVersion::itemState).contains("AWAITING_APPROVAL");
            List<ApprovalRequest> requests = appliance.approvals().forItem(out.id());
            assertThat(requests).isNotEmpty();
            for (ApprovalRequest r : requests) {
                appliance.approvals().approve(r.id(), "suzuki", Optional.of(out.renditionSha256()), "確認しました");
            }
            await(appliance, out.id(), ItemState.PUBLISHED);
            assertThat(folders.current("acme-user", v2.file()).visible())
                    .map(FileVersion::number)
                    .contains(2);

            PortalClient partner = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
            partner.signIn("acme-user");
            assertThat(partner.get("/received").body()).doesNotContain("図面");
            assertThat(partner.get("/download/" + out.id()).statusCode()).isEqualTo(404);
            assertThat(deliveredOverSftp(appliance, Zone.INTERNET, "acme-user", "/from-city"))
                    .noneMatch(n -> n.contains("図面"));

            // No lost updates: a stale base is refused before a byte is sent, and a version that
            // became stale while its bytes were streaming is refused at the end, leaving nothing.
            assertThatThrownBy(() -> appliance.folderUploads().begin("acme-user", f.id(), "図面.docx", OptionalInt.of(1)))
                    .isInstanceOfSatisfying(
                            FolderRefused.class, r -> assertThat(r.reason()).isEqualTo(FolderRefused.Reason.CONFLICT));
            int itemsBefore = appliance.items().all().size();
            try (FolderUploads.Pending slow =
                    appliance.folderUploads().begin("acme-user", f.id(), "図面.docx", OptionalInt.of(2))) {
                byte[] bytes = Specimens.docx("取引先の修正です。");
                slow.write(bytes, 0, bytes.length);
                upload(appliance, "suzuki", f.id(), "図面.docx", OptionalInt.of(2), Specimens.docx("職員の修正です。"));
                assertThatThrownBy(slow::commit)
                        .isInstanceOfSatisfying(
                                FolderRefused.class,
                                r -> assertThat(r.reason()).isEqualTo(FolderRefused.Reason.CONFLICT));
            }
            assertThat(appliance.items().all()).hasSize(itemsBefore + 1);
            assertThat(folders.versions(v1.file()))
                    .extracting(FileVersion::author)
                    .containsExactly("acme-user", "tanaka", "suzuki");
        }
    }

    @Test
    void aStaffVersionIsDecidedForEveryPartnerInTheFolderAndTheStrictestWins() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(
                policy,
                PolicyIT.shippedPolicy().replace("to-not: [org:trusted-partner-example]", "to-not: [org:acme]"));
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), policy)) {
            ApplianceHarness.addAccounts(appliance);
            appliance
                    .accounts()
                    .create(
                            new Account("other-user", Role.PARTNER, "other", List.of(), false),
                            Optional.of(ApplianceHarness.PASSWORD.toCharArray()),
                            "test");
            Folders folders = appliance.folders();
            Folder f = folders.create("tanaka", "広報誌", "acme と広報誌の原稿", "kouhou");
            folders.setMember("tanaka", f.id(), Member.Kind.ORGANISATION, "acme", FolderRole.VIEWER, Optional.empty());

            FileVersion v1 =
                    upload(appliance, "tanaka", f.id(), "原稿.docx", OptionalInt.empty(), Specimens.docx("広報誌の原稿です。"));
            await(appliance, v1.item(), ItemState.PUBLISHED);
            assertThat(appliance.approvals().forItem(v1.item()))
                    .as("acme is trusted: no supervisor")
                    .isEmpty();

            folders.setMember("tanaka", f.id(), Member.Kind.USER, "other-user", FolderRole.VIEWER, Optional.empty());
            FileVersion v2 =
                    upload(appliance, "tanaka", f.id(), "原稿.docx", OptionalInt.of(1), Specimens.docx("広報誌の原稿 第二稿です。"));
            TransferItem held = await(appliance, v2.item(), ItemState.AWAITING_APPROVAL);
            assertThat(held.rules()).contains("outbound-supervisor");
            assertThat(folders.current("acme-user", v2.file()).visible())
                    .as("no member outside the city sees it before the supervisor")
                    .map(FileVersion::number)
                    .contains(1);
        }
    }

    @Test
    void aPartnerAndStaffEditOneFileInTurnOverSftp() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            Folders folders = appliance.folders();
            Folder f = folders.create("tanaka", "見積 2026", "acme との見積書", "keiyaku");
            folders.setMember("tanaka", f.id(), Member.Kind.ORGANISATION, "acme", FolderRole.EDITOR, Optional.empty());
            String dir = "/shared/見積 2026/";

            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user");
                    var staff = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
                assertThat(names(partner.sftp(), "/shared")).containsExactly("見積 2026");

                // The partner's first version is disarmed before staff can fetch it.
                put(partner.sftp(), dir + "見積書.docx", Specimens.docx("見積金額は百二十万円です。"));
                FileVersion v1 = folders.versions(onlyFile(folders, f)).get(0);
                await(appliance, v1.item(), ItemState.PUBLISHED);
                assertThat(text(get(staff.sftp(), dir + "見積書.docx"))).contains("百二十万円");

                // Staff's edit waits for the supervisor before the partner sees it.
                put(staff.sftp(), dir + "見積書.docx", Specimens.docx("見積金額は百十万円に改めます。"));
                FileVersion v2 = folders.versions(v1.file()).get(1);
                assertThat(v2.basedOn()).isEqualTo(1);
                TransferItem out = await(appliance, v2.item(), ItemState.AWAITING_APPROVAL);
                assertThat(text(get(partner.sftp(), dir + "見積書.docx"))).contains("百二十万円");
                for (ApprovalRequest r : appliance.approvals().forItem(out.id())) {
                    appliance.approvals().approve(r.id(), "suzuki", Optional.of(out.renditionSha256()), "確認しました");
                }
                await(appliance, out.id(), ItemState.PUBLISHED);
                assertThat(text(get(partner.sftp(), dir + "見積書.docx"))).contains("百十万円");

                // A file staff have checked out cannot be saved over by the partner until it is released.
                folders.lock("tanaka", v1.file(), Duration.ofHours(1));
                assertThatThrownBy(() -> put(partner.sftp(), dir + "見積書.docx", Specimens.docx("ロック中に保存")))
                        .isInstanceOf(java.io.IOException.class)
                        .hasMessageContaining("LOCKED")
                        .hasMessageContaining("tanaka");
                folders.unlock("tanaka", v1.file());

                // Both now start from version 2; the partner saves first, so staff's save is a conflict.
                put(partner.sftp(), dir + "見積書.docx", Specimens.docx("百十万円で承知しました。"));
                int itemsBefore = appliance.items().all().size();
                assertThatThrownBy(() -> put(staff.sftp(), dir + "見積書.docx", Specimens.docx("やはり百万円にします。")))
                        .isInstanceOf(java.io.IOException.class)
                        .hasMessageContaining("CONFLICT")
                        .hasMessageContaining("最新の版を取得してから");
                assertThat(appliance.items().all()).hasSize(itemsBefore);
                assertThat(folders.versions(v1.file()))
                        .extracting(FileVersion::author)
                        .containsExactly("acme-user", "tanaka", "acme-user");

                // Removing the organisation cuts the open session off at once: no listing, no read, no write.
                folders.removeMember("tanaka", f.id(), Member.Kind.ORGANISATION, "acme");
                assertThat(names(partner.sftp(), "/shared")).isEmpty();
                assertThatThrownBy(() -> get(partner.sftp(), dir + "見積書.docx")).isInstanceOf(java.io.IOException.class);
                assertThatThrownBy(() -> put(partner.sftp(), dir + "見積書.docx", Specimens.docx("まだ書けますか")))
                        .isInstanceOf(java.io.IOException.class);
                assertThat(folders.versions(v1.file())).hasSize(3);
            }
        }
    }

    @Test
    void aPartnerAndStaffEditOneFileInTurnOnThePortals() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            Folders folders = appliance.folders();
            HttpClient http = PortalClient.trusting(data);
            PortalClient staff = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            staff.signIn("tanaka");
            PortalClient partner = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
            partner.signIn("acme-user");

            // Staff create the folder and let acme in as editors, from the portal.
            staff.get("/folders");
            var created = staff.post(
                    "/folders", Map.of("name", "仕様書 2026", "purpose", "acme と仕様書を詰める", "department", "jouhou"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
            String folderPath = created.headers().firstValue("Location").orElseThrow();
            long folder = Long.parseLong(folderPath.substring("/folders/".length()));
            staff.get(folderPath);
            assertThat(staff.post(
                                    folderPath + "/members",
                                    Map.of("kind", "organisation", "who", "acme", "role", "editor", "until", ""))
                            .statusCode())
                    .isEqualTo(303);
            assertThat(partner.get("/folders").body()).contains("仕様書 2026");

            // The partner adds the file; staff get the disarmed copy.
            var first = partner.uploadVersion(folder, "仕様書.docx", OptionalInt.empty(), Specimens.docx("納期は三月末とします。"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            long file = folders.files(folder).get(0).id();
            await(appliance, folders.versions(file).get(0).item(), ItemState.PUBLISHED);
            assertThat(staff.get(folderPath).body()).contains("仕様書.docx", "#1", "acme-user");
            assertThat(text(staff.download("/files/" + file + "/versions/1").body()))
                    .contains("三月末");

            // Each bad input is answered with its own reason, and nothing changes without the CSRF token.
            staff.get("/files/" + file);
            var badHours = staff.post("/files/" + file + "/lock", Map.of("hours", "zwei"));
            assertThat(badHours.statusCode()).isEqualTo(400);
            assertThat(badHours.body()).contains("数字で指定してください");
            var tooLong = staff.post("/files/" + file + "/lock", Map.of("hours", "9"));
            assertThat(tooLong.statusCode()).isEqualTo(409);
            assertThat(tooLong.body()).contains("ロックは 8 時間までです");
            assertThat(staff.postForFile("/files/" + file + "/lock", Map.of("hours", "2"), "forged")
                            .statusCode())
                    .isEqualTo(403);
            assertThat(folders.lockOf(file)).isEmpty();
            staff.get(folderPath);
            var badDate = staff.post(
                    folderPath + "/members",
                    Map.of("kind", "organisation", "who", "acme", "role", "editor", "until", "2026/13/40"));
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(badDate.body()).contains("YYYY-MM-DD");
            var badKind = staff.post(
                    folderPath + "/members", Map.of("kind", "alien", "who", "acme", "role", "editor", "until", ""));
            assertThat(badKind.statusCode()).isEqualTo(409);
            assertThat(badKind.body()).contains("メンバーの種類・名前・役割を選んでください");
            var badBase = partner.uploadVersion(folder, "仕様書.docx", OptionalInt.empty(), new byte[] {1});
            assertThat(badBase.statusCode()).isEqualTo(409);
            assertThat(badBase.body()).contains("EXISTS", "新しい版としてアップロードしてください");
            var badName = partner.uploadVersion(folder, "仕様書\u202Excod.exe", OptionalInt.empty(), new byte[] {1});
            assertThat(badName.statusCode()).isEqualTo(409);
            assertThat(badName.body()).contains("NAME_BIDI_CONTROL");

            // Staff check the file out: the partner cannot save over it until it is released.
            staff.get("/files/" + file);
            assertThat(staff.post("/files/" + file + "/lock", Map.of("hours", "2"))
                            .statusCode())
                    .isEqualTo(303);
            assertThat(partner.get("/files/" + file).body()).contains("編集中（ロック）", "tanaka");
            var locked = partner.uploadVersion(folder, "仕様書.docx", OptionalInt.of(1), Specimens.docx("納期を四月にしたい"));
            assertThat(locked.statusCode()).isEqualTo(409);
            assertThat(locked.body()).contains("LOCKED", "他の人が編集中");
            var second = staff.uploadVersion(folder, "仕様書.docx", OptionalInt.of(1), Specimens.docx("納期は四月十日に改めます。"));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
            staff.get("/files/" + file);
            assertThat(staff.post("/files/" + file + "/unlock", Map.of()).statusCode())
                    .isEqualTo(303);

            // Until the supervisor approves, the partner sees version 1 and that a newer one waits.
            TransferItem out = await(appliance, folders.versions(file).get(1).item(), ItemState.AWAITING_APPROVAL);
            String partnerPage = partner.get("/files/" + file).body();
            assertThat(partnerPage)
                    .contains("新しい版 #2", "承認待ち")
                    .doesNotContain("編集中（ロック）")
                    .as("nothing of the unreleased version's bytes, not even its hash")
                    .doesNotContain(
                            out.sha256().substring(0, 12), out.renditionSha256().substring(0, 12));
            assertThat(partner.get("/files/" + file + "/versions/2").statusCode())
                    .isEqualTo(404);
            for (ApprovalRequest r : appliance.approvals().forItem(out.id())) {
                appliance.approvals().approve(r.id(), "suzuki", Optional.of(out.renditionSha256()), "確認しました");
            }
            await(appliance, out.id(), ItemState.PUBLISHED);
            assertThat(text(partner.download("/files/" + file + "/versions/2").body()))
                    .contains("四月十日");

            // An edit of version 1 now would overwrite version 2: refused with the reason.
            var stale = partner.uploadVersion(folder, "仕様書.docx", OptionalInt.of(1), Specimens.docx("三月末のままで"));
            assertThat(stale.statusCode()).isEqualTo(409);
            assertThat(stale.body()).contains("CONFLICT", "最新の版を取得してから", "#1 → #2");
            var third = partner.uploadVersion(folder, "仕様書.docx", OptionalInt.of(2), Specimens.docx("四月十日で承知しました。"));
            assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
            await(appliance, folders.versions(file).get(2).item(), ItemState.PUBLISHED);

            // Staff bring version 1 back as version 4; the history keeps every version.
            staff.get("/files/" + file);
            assertThat(staff.post("/files/" + file + "/restore", Map.of("number", "1", "basedOn", "3"))
                            .statusCode())
                    .isEqualTo(303);
            assertThat(folders.versions(file))
                    .extracting(FileVersion::author)
                    .containsExactly("acme-user", "tanaka", "acme-user", "tanaka");
            assertThat(staff.get("/files/" + file).body()).contains("復元元 #1");

            // Removing acme cuts the partner off at once, on the portal and over SFTP.
            try (var sftp = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
                assertThat(names(sftp.sftp(), "/shared")).containsExactly("仕様書 2026");
                staff.get(folderPath);
                assertThat(staff.post(folderPath + "/members/remove", Map.of("kind", "organisation", "who", "acme"))
                                .statusCode())
                        .isEqualTo(303);
                assertThat(partner.get("/folders").body()).doesNotContain("仕様書 2026");
                assertThat(partner.get(folderPath).statusCode()).isEqualTo(404);
                assertThat(partner.get("/files/" + file).statusCode()).isEqualTo(404);
                assertThat(partner.get("/files/" + file + "/versions/2").statusCode())
                        .isEqualTo(404);
                var after = partner.uploadVersion(folder, "仕様書.docx", OptionalInt.of(3), Specimens.docx("まだ書けますか"));
                assertThat(after.statusCode()).isEqualTo(409);
                assertThat(after.body()).contains("NOT_A_MEMBER");
                assertThat(names(sftp.sftp(), "/shared")).isEmpty();
            }
            assertThat(folders.versions(file)).hasSize(4);
        }
    }

    @Test
    void searchFindsWordsInsideSentencesOnlyInTheFoldersOneMayReadAndOnlyInTheirCurrentVersion() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            Folders folders = appliance.folders();
            Folder shared = folders.create("tanaka", "市道三号線 補修工事", "acme と補修工事の費用を詰める", "doboku");
            folders.setMember(
                    "tanaka", shared.id(), Member.Kind.ORGANISATION, "acme", FolderRole.EDITOR, Optional.empty());
            Folder staffOnly = folders.create("tanaka", "人事 2026", "人事異動の検討（職員のみ）", "jinji");
            folders.setMember(
                    "tanaka", staffOnly.id(), Member.Kind.USER, "suzuki", FolderRole.EDITOR, Optional.empty());

            FileVersion estimate = upload(
                    appliance,
                    "acme-user",
                    shared.id(),
                    "費用見積.docx",
                    OptionalInt.empty(),
                    Specimens.docx("補修工事の予算は三千万円を見込んでいます。"));
            await(appliance, estimate.item(), ItemState.PUBLISHED);
            FileVersion personnel = upload(
                    appliance,
                    "tanaka",
                    staffOnly.id(),
                    "異動案.docx",
                    OptionalInt.empty(),
                    Specimens.docx("来年度の人事異動と予算の案です。"));
            TransferItem held = await(appliance, personnel.item(), ItemState.AWAITING_APPROVAL);
            HttpClient early = PortalClient.trusting(data);
            PortalClient colleague = new PortalClient(early, appliance.httpsPort(Zone.LGWAN));
            colleague.signIn("suzuki");
            assertThat(search(colleague, "人事異動"))
                    .as("colleagues find a staff version while it waits for approval")
                    .contains("異動案.docx");
            for (ApprovalRequest r : appliance.approvals().forItem(held.id())) {
                appliance.approvals().approve(r.id(), "suzuki", Optional.of(held.renditionSha256()), "確認しました");
            }
            await(appliance, held.id(), ItemState.PUBLISHED);

            HttpClient http = PortalClient.trusting(data);
            PortalClient staff = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            staff.signIn("tanaka");
            PortalClient partner = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
            partner.signIn("acme-user");

            // 予算 is one word inside each sentence (形態素), found in both folders by staff...
            String staffHits = search(staff, "予算");
            assertThat(staffHits).contains("費用見積.docx", "異動案.docx", "<mark>予算</mark>");
            // ... and never in the staff-only folder by the partner, whatever the query says.
            assertThat(search(partner, "予算")).contains("費用見積.docx").doesNotContain("異動案", "人事");
            assertThat(search(partner, "folder:\"人事 2026\" 予算")).doesNotContain("異動案");
            assertThat(search(partner, "人事異動")).doesNotContain("異動案");

            // A new version replaces the old one's words: searchable at once, and the old text is not current.
            FileVersion second = upload(
                    appliance,
                    "acme-user",
                    shared.id(),
                    "費用見積.docx",
                    OptionalInt.of(1),
                    Specimens.docx("補修工事の費用は二千万円に見直しました。"));
            await(appliance, second.item(), ItemState.PUBLISHED);
            assertThat(search(staff, "二千万円")).contains("費用見積.docx", "#2");
            assertThat(search(staff, "三千万円")).doesNotContain("費用見積.docx");
            assertThat(search(partner, "三千万円")).doesNotContain("費用見積.docx");

            // Removing the partner from the folder removes its hits with it.
            folders.removeMember("tanaka", shared.id(), Member.Kind.ORGANISATION, "acme");
            assertThat(search(partner, "二千万円")).doesNotContain("費用見積.docx");
        }
    }

    @Test
    void staffShareAnApprovedVersionByALinkThatEndsWhenItShould() throws Exception {
        Path data = tmp.resolve("data");
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 30);
                Appliance appliance = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            ApplianceHarness.addStaff(appliance, "suzuki", Role.STAFF, "kacho");
            Folders folders = appliance.folders();
            Folder f = folders.create("tanaka", "入札説明", "入札説明書を配る", "keiyaku");
            folders.setMember("tanaka", f.id(), Member.Kind.ORGANISATION, "acme", FolderRole.VIEWER, Optional.empty());
            FileVersion v1 = upload(
                    appliance, "tanaka", f.id(), "入札説明書.docx", OptionalInt.empty(), Specimens.docx("入札は十二月十日に行います。"));
            TransferItem out = await(appliance, v1.item(), ItemState.AWAITING_APPROVAL);

            HttpClient http = PortalClient.trusting(data);
            PortalClient staff = new PortalClient(http, appliance.httpsPort(Zone.LGWAN));
            staff.signIn("tanaka");
            String file = "/files/" + v1.file();
            staff.get(file);
            Map<String, String> form =
                    Map.of("recipient", "acme 山田様", "days", "7", "limit", "2", "password", "correct horse battery");
            var early = staff.post(file + "/links", form);
            assertThat(early.statusCode()).isEqualTo(409);
            assertThat(early.body()).contains("最新の版はまだ外部に出せません");

            for (ApprovalRequest r : appliance.approvals().forItem(out.id())) {
                appliance.approvals().approve(r.id(), "suzuki", Optional.of(out.renditionSha256()), "確認しました");
            }
            await(appliance, out.id(), ItemState.PUBLISHED);
            var made = staff.post(file + "/links", form);
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "id=\"link-url\">https://[^/]+(/s/[A-Za-z0-9_-]{43})<")
                    .matcher(made.body());
            assertThat(m.find()).as(made.body()).isTrue();
            String link = m.group(1);
            assertThat(made.body()).contains("acme 山田様", "0 / 2");
            assertThat(staff.get(link).statusCode())
                    .as("links open only on the internet portal")
                    .isEqualTo(404);

            // Anyone holding the link, without an account: the page, then the file with the password.
            PortalClient stranger = new PortalClient(http, appliance.httpsPort(Zone.INTERNET));
            var page = stranger.get(link);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("入札説明書.docx", "name=\"password\"");
            var wrong = stranger.postForFile(link, Map.of("password", "not the password"));
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).contains("パスワードが正しくありません");
            assertThat(stranger.postForFile(link, Map.of("password", "correct horse battery"), "forged")
                            .statusCode())
                    .as("a cross-site form cannot spend the link")
                    .isEqualTo(403);
            var right = stranger.postForFile(link, Map.of("password", "correct horse battery"));
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.headers().firstValue("Content-Disposition"))
                    .hasValueSatisfying(d -> assertThat(d).startsWith("attachment"));
            assertThat(right.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(text(right.body())).contains("十二月十日");

            // Staff see it used, and revoke it; the link is dead at once.
            String listed = staff.get(file).body();
            assertThat(listed).contains("1 / 2");
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("action=\"/links/([0-9]+)/revoke\"")
                    .matcher(listed);
            assertThat(id.find()).isTrue();
            assertThat(staff.post("/links/" + id.group(1) + "/revoke", Map.of("file", String.valueOf(v1.file())))
                            .statusCode())
                    .isEqualTo(303);
            var gone = stranger.get(link);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.body()).contains("このリンクは取り消されました");
            assertThat(stranger.postForFile(link, Map.of("password", "correct horse battery"))
                            .statusCode())
                    .isEqualTo(404);
            List<String> shareEvents =
                    List.of("SHARE_LINK_CREATED", "SHARE_LINK_DOWNLOADED", "SHARE_LINK_REFUSED", "SHARE_LINK_REVOKED");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ApplianceHarness.auditTypes(data).containsAll(shareEvents) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ApplianceHarness.auditTypes(data)).containsAll(shareEvents);
        }
    }

    private static String search(PortalClient client, String query) throws Exception {
        var r = client.get("/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static long onlyFile(Folders folders, Folder f) {
        assertThat(folders.files(f.id())).hasSize(1);
        return folders.files(f.id()).get(0).id();
    }

    private static List<String> names(SftpClient sftp, String dir) throws Exception {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(dir)) {
            if (!e.getFilename().startsWith(".")) {
                names.add(e.getFilename());
            }
        }
        return names;
    }

    private static void put(SftpClient sftp, String path, byte[] bytes) throws Exception {
        try (java.io.OutputStream out = sftp.write(path)) {
            out.write(bytes);
        }
    }

    private static byte[] get(SftpClient sftp, String path) throws Exception {
        try (java.io.InputStream in = sftp.read(path)) {
            return in.readAllBytes();
        }
    }

    private static String text(byte[] docx) throws Exception {
        try (var doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(new java.io.ByteArrayInputStream(docx));
                var extractor = new org.apache.poi.xwpf.extractor.XWPFWordExtractor(doc)) {
            return extractor.getText();
        }
    }

    private static FileVersion upload(
            Appliance appliance, String actor, long folder, String name, OptionalInt basedOn, byte[] bytes)
            throws Exception {
        try (FolderUploads.Pending p = appliance.folderUploads().begin(actor, folder, name, basedOn)) {
            p.write(bytes, 0, bytes.length);
            return p.commit();
        }
    }

    private static TransferItem await(Appliance appliance, String id, ItemState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TransferItem item = appliance.items().find(id).orElseThrow();
        while (System.nanoTime() < deadline
                && item.state() != state
                && !item.state().terminal()) {
            Thread.sleep(100);
            item = appliance.items().find(id).orElseThrow();
        }
        assertThat(item.state()).as(item.toString()).isEqualTo(state);
        return item;
    }

    /** Every file name under {@code root} in the user's SFTP tree, one level of folders deep. */
    private static List<String> deliveredOverSftp(Appliance appliance, Zone zone, String user, String root)
            throws Exception {
        List<String> names = new ArrayList<>();
        try (var session = ApplianceHarness.login(appliance.sftpPort(zone), user)) {
            SftpClient sftp = session.sftp();
            for (SftpClient.DirEntry e : sftp.readDir(root)) {
                names.add(e.getFilename());
                if (e.getAttributes().isDirectory() && !e.getFilename().startsWith(".")) {
                    for (SftpClient.DirEntry inner : sftp.readDir(root + "/" + e.getFilename())) {
                        names.add(inner.getFilename());
                    }
                }
            }
        }
        return names;
    }
}
