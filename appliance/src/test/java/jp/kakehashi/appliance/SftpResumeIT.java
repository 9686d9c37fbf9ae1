package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderRole;
import jp.kakehashi.appliance.folders.Folders;
import jp.kakehashi.appliance.folders.Member;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large files over links that drop, with the clients partners use (ISSUE 27): WinSCP's default
 * upload to {@code NAME.filepart} then rename, its resume of that partial in a later session, and
 * OpenSSH's {@code reput} after the client was killed mid-upload. Each gives one item under the
 * final name, hashed whole; a partial is its owner's alone.
 */
class SftpResumeIT {
    @TempDir
    Path tmp;

    private Appliance appliance;

    @BeforeEach
    void start() {
        // No scanner: items stay RECEIVED, which is all these tests look at.
        appliance = ApplianceHarness.start(tmp.resolve("data"), "tcp://127.0.0.1:9", StageHook.NONE);
        ApplianceHarness.addAccounts(appliance);
        appliance
                .accounts()
                .create(
                        new Account("acme-second", Role.PARTNER, "acme", List.of(ApplianceHarness.KEY_LINE), false),
                        Optional.empty(),
                        "test");
    }

    @AfterEach
    void stop() {
        appliance.close();
    }

    /** WinSCP with its defaults, for a file over 100 KB: open NAME.filepart, write, close, rename. */
    @Test
    void winScpsTemporaryNameBecomesOneFileUnderItsFinalName() throws Exception {
        byte[] drawing = bytes(3 << 20, 7);
        int port = appliance.sftpPort(Zone.INTERNET);
        try (var partner = ApplianceHarness.login(port, "acme-user");
                var colleague = ApplianceHarness.login(port, "acme-second")) {
            SftpClient sftp = partner.sftp();
            writeAt(sftp, "/to-city/図面.dwg.filepart", drawing, 0, drawing.length, true);
            // Until the rename it is its owner's partial: listed for them at its size, not yet an item.
            assertThat(sftp.stat("/to-city/図面.dwg.filepart").getSize()).isEqualTo(drawing.length);
            assertThat(names(colleague.sftp(), "/to-city")).isEmpty();
            assertThat(appliance.items().bySender("acme-user")).isEmpty();
            // Nobody else can deliver, read or resume it.
            assertThatThrownBy(() -> colleague.sftp().rename("/to-city/図面.dwg.filepart", "/to-city/図面.dwg"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("RENAME_NOT_ALLOWED");
            assertThatThrownBy(() -> sftp.read("/to-city/図面.dwg.filepart").readAllBytes())
                    .isInstanceOf(IOException.class);
            // Only to its own name, in its own folder.
            assertThatThrownBy(() -> sftp.rename("/to-city/図面.dwg.filepart", "/to-city/別名.dwg"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("RENAME_NOT_ALLOWED");
            assertThatThrownBy(() -> sftp.rename("/to-city/図面.dwg.filepart", "/receipts/図面.dwg"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("RENAME_NOT_ALLOWED");

            sftp.rename("/to-city/図面.dwg.filepart", "/to-city/図面.dwg");

            assertThat(names(sftp, "/to-city")).isEmpty();
            assertThatThrownBy(() -> sftp.rename("/to-city/図面.dwg.filepart", "/to-city/図面.dwg"))
                    .as("a second rename finds nothing to deliver")
                    .isInstanceOf(IOException.class);
            assertThat(names(sftp, "/receipts")).singleElement().asString().endsWith("_図面.dwg.txt");
        }
        List<TransferItem> items = appliance.items().bySender("acme-user");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo("図面.dwg");
            assertThat(item.size()).isEqualTo(drawing.length);
            assertThat(item.sha256()).isEqualTo(sha256(drawing));
        });
    }

    /**
     * WinSCP resuming after the line dropped: a later session finds NAME.filepart at the size that
     * arrived, writes the rest from there, and renames it. Staff's drop folders work the same way,
     * and a rename into another drop folder is refused.
     */
    @Test
    void aTemporaryUploadCutOffResumesInALaterSessionFromWhereItStopped() throws Exception {
        byte[] archive = bytes(5 << 20, 11);
        int half = archive.length / 2 + 12_345;
        int port = appliance.sftpPort(Zone.LGWAN);
        var cut = ApplianceHarness.login(port, "tanaka");
        writeAt(cut.sftp(), "/to-partners/acme/工事写真.zip.filepart", archive, 0, half, false);
        // The line drops: the session ends without the client closing its file.
        cut.session().close(true);
        cut.client().stop();
        try (var again = ApplianceHarness.login(port, "tanaka")) {
            SftpClient sftp = again.sftp();
            long size = awaitReleased(sftp, "/to-partners/acme/工事写真.zip.filepart");
            assertThat(size).isEqualTo(half);
            // Staff's other drop folder is another destination: no rename there.
            assertThatThrownBy(() -> sftp.rename("/to-partners/acme/工事写真.zip.filepart", "/to-mynumber/工事写真.zip"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("RENAME_NOT_ALLOWED");
            writeAt(sftp, "/to-partners/acme/工事写真.zip.filepart", archive, (int) size, archive.length, false);
            sftp.rename("/to-partners/acme/工事写真.zip.filepart", "/to-partners/acme/工事写真.zip");
        }
        List<TransferItem> items = appliance.items().bySender("tanaka");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo("工事写真.zip");
            assertThat(item.sha256()).isEqualTo(sha256(archive));
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ApplianceHarness.auditTypes(tmp.resolve("data")).contains("UPLOAD_RESUMED")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ApplianceHarness.auditTypes(tmp.resolve("data")))
                .contains("UPLOAD_INTERRUPTED", "UPLOAD_RESUMED")
                .doesNotContain("UPLOAD_ABORTED");
    }

    /**
     * The drill: OpenSSH's {@code sftp} is killed in the middle of a 200 MB upload, then
     * {@code reput} sends the rest; staff receive one file with the SHA-256 of the whole.
     */
    @Test
    void openSshReputCompletesAnUploadWhoseClientWasKilled() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("client"));
        Path big = BenchProcesses.randomFile(work.resolve("big.bin"), 200);
        Path key = work.resolve("id_ecdsa");
        BenchProcesses.run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", key.toString()));
        String publicKey = Files.readString(work.resolve("id_ecdsa.pub")).strip();
        appliance
                .accounts()
                .create(
                        new Account(
                                "ssh-user", Role.PARTNER, "acme", List.of(publicKey, ApplianceHarness.KEY_LINE), false),
                        Optional.empty(),
                        "test");
        int port = appliance.sftpPort(Zone.INTERNET);

        // 400 Mbit/s keeps the upload in flight long enough to be cut off part-way.
        Process put = openSsh(work, key, port, "put " + big + " /to-city/big.bin", "-l", "400000")
                .start();
        try (var watcher = ApplianceHarness.login(port, "ssh-user")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (size(watcher.sftp(), "/to-city/big.bin") < (40L << 20)) {
                assertThat(put.isAlive())
                        .as("the upload should still be running")
                        .isTrue();
                assertThat(System.nanoTime()).as("the upload did not start").isLessThan(deadline);
                Thread.sleep(20);
            }
            put.destroyForcibly();
            assertThat(put.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long kept = awaitReleased(watcher.sftp(), "/to-city/big.bin");
            assertThat(kept).isGreaterThanOrEqualTo(40L << 20).isLessThan(Files.size(big));
            assertThat(appliance.items().bySender("ssh-user")).isEmpty();
        }

        Process reput = openSsh(work, key, port, "reput " + big + " /to-city/big.bin")
                .redirectErrorStream(true)
                .start();
        String output = new String(reput.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(reput.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(reput.exitValue()).as(output).isZero();

        List<TransferItem> items = appliance.items().bySender("ssh-user");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo("big.bin");
            assertThat(item.size()).isEqualTo(Files.size(big));
            assertThat(item.sha256()).isEqualTo(sha256(Files.readAllBytes(big)));
        });
    }

    /** In a shared folder the rename makes a new version under the final name, based on what the writer has seen. */
    @Test
    void aTemporaryNameInASharedFolderBecomesAVersionUnderItsFinalName() throws Exception {
        Folders folders = appliance.folders();
        Folder folder = folders.create("tanaka", "補修工事", "acme と図面をやり取りする", "doboku");
        folders.setMember("tanaka", folder.id(), Member.Kind.ORGANISATION, "acme", FolderRole.EDITOR, Optional.empty());
        byte[] drawing = bytes(300_000, 3);
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            SftpClient sftp = partner.sftp();
            writeAt(sftp, "/shared/補修工事/図面.docx.filepart", drawing, 0, drawing.length, true);
            assertThat(names(sftp, "/shared/補修工事")).containsExactly("図面.docx.filepart");
            assertThatThrownBy(() -> sftp.rename("/shared/補修工事/図面.docx.filepart", "/to-city/図面.docx"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("RENAME_NOT_ALLOWED");
            sftp.rename("/shared/補修工事/図面.docx.filepart", "/shared/補修工事/図面.docx");
            assertThat(names(sftp, "/shared/補修工事")).doesNotContain("図面.docx.filepart");
        }
        assertThat(appliance.items().bySender("acme-user")).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo("図面.docx");
            assertThat(item.folder()).contains(folder.id());
            assertThat(item.sha256()).isEqualTo(sha256(drawing));
        });
        assertThat(folders.listing("tanaka", folder.id()))
                .singleElement()
                .satisfies(file ->
                        assertThat(file.pending()).map(FileVersion::number).contains(1));
    }

    /** A second session cannot write into a partial another session still holds open. */
    @Test
    void aPartialStillBeingWrittenCannotBeResumedAtTheSameTime() throws Exception {
        int port = appliance.sftpPort(Zone.INTERNET);
        try (var one = ApplianceHarness.login(port, "acme-user");
                var two = ApplianceHarness.login(port, "acme-user")) {
            SftpClient.CloseableHandle open = one.sftp()
                    .open("/to-city/a.txt.part", EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Truncate));
            one.sftp().write(open, 0, "first".getBytes(StandardCharsets.UTF_8));
            assertThat(one.sftp().stat("/to-city/a.txt.part").getPermissions() & 0777)
                    .as("neither readable nor, while written, writable")
                    .isZero();
            assertThatThrownBy(() -> two.sftp().open("/to-city/a.txt.part", EnumSet.of(OpenMode.Write)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("UPLOAD_IN_PROGRESS");
            assertThatThrownBy(() -> two.sftp().rename("/to-city/a.txt.part", "/to-city/a.txt"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("UPLOAD_IN_PROGRESS");
            one.sftp().close(open);
            two.sftp().rename("/to-city/a.txt.part", "/to-city/a.txt");
        }
        assertThat(appliance.items().bySender("acme-user"))
                .singleElement()
                .satisfies(item -> assertThat(item.name()).isEqualTo("a.txt"));
    }

    /**
     * A download resumed in a later session reads only the rest; it still counts as received for
     * the sender, and the audit record says where it started. Before, SFTP reported every download
     * as starting at 0, so a download finished by resuming was never recorded as received.
     */
    @Test
    void aDownloadResumedInALaterSessionCountsAsReceivedFromWhereItStarted() throws Exception {
        byte[] survey = bytes(2 << 20, 5);
        int port = appliance.sftpPort(Zone.INTERNET);
        try (var partner = ApplianceHarness.login(port, "acme-user")) {
            writeAt(partner.sftp(), "/to-city/測量.dat", survey, 0, survey.length, true);
        }
        TransferItem item = appliance.items().bySender("acme-user").get(0);
        ApplianceHarness.publishAsIs(appliance, item.id());
        int resumeAt = survey.length / 3;
        byte[] rest = new byte[survey.length - resumeAt];
        try (var staff = ApplianceHarness.login(appliance.sftpPort(Zone.LGWAN), "tanaka")) {
            SftpClient sftp = staff.sftp();
            try (SftpClient.CloseableHandle handle =
                    sftp.open("/from-partners/acme/測量.dat", EnumSet.of(OpenMode.Read))) {
                int got = 0;
                while (got < rest.length) {
                    int n = sftp.read(handle, resumeAt + got, rest, got, Math.min(32 * 1024, rest.length - got));
                    if (n < 0) {
                        break;
                    }
                    got += n;
                }
                assertThat(got).isEqualTo(rest.length);
            }
        }
        assertThat(rest).isEqualTo(java.util.Arrays.copyOfRange(survey, resumeAt, survey.length));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (appliance.items().firstDownload(item.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(appliance.items().firstDownload(item.id()))
                .as("the sender's receipt shows the file received")
                .isPresent();
    }

    /** Writes {@code content[from, to)} at offset {@code from} through one handle; opens as WinSCP does. */
    private static void writeAt(SftpClient sftp, String path, byte[] content, int from, int to, boolean close)
            throws IOException {
        EnumSet<OpenMode> modes =
                from == 0 ? EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Truncate) : EnumSet.of(OpenMode.Write);
        SftpClient.CloseableHandle handle = sftp.open(path, modes);
        int chunk = 32 * 1024;
        for (int at = from; at < to; at += chunk) {
            int n = Math.min(chunk, to - at);
            byte[] part = new byte[n];
            System.arraycopy(content, at, part, 0, n);
            sftp.write(handle, at, part);
        }
        if (close || from > 0) {
            sftp.close(handle);
        }
    }

    /**
     * Waits until the session that was cut off has let go of the partial (its server side notices
     * the drop; the listing then shows it writable again) and returns its size.
     */
    private static long awaitReleased(SftpClient sftp, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            SftpClient.Attributes attributes = sftp.stat(path);
            if ((attributes.getPermissions() & 0200) != 0) {
                return attributes.getSize();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " is still held by the session that was cut off");
            }
            Thread.sleep(100);
        }
    }

    private static long size(SftpClient sftp, String path) throws IOException {
        try {
            return sftp.stat(path).getSize();
        } catch (IOException e) {
            return -1;
        }
    }

    private static ProcessBuilder openSsh(Path work, Path key, int port, String command, String... extra)
            throws IOException {
        Path batch = Files.writeString(work.resolve("batch-" + System.nanoTime()), command + "\n");
        List<String> args = new ArrayList<>(List.of("sftp", "-q", "-b", batch.toString(), "-i", key.toString()));
        args.addAll(List.of(extra));
        args.addAll(List.of(
                "-P",
                String.valueOf(port),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "BatchMode=yes",
                "ssh-user@127.0.0.1"));
        return new ProcessBuilder(args).redirectOutput(work.resolve("sftp.out").toFile());
    }

    private static List<String> names(SftpClient sftp, String dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(dir)) {
            if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                names.add(e.getFilename());
            }
        }
        return names;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
