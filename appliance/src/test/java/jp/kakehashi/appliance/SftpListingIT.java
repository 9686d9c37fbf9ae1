package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpVersionSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What WinSCP and FileZilla show in their file lists: the {@code ls -l} line of an SFTP v3
 * listing. Its owner and group read {@code kakehashi}, not the Java name of an object.
 */
class SftpListingIT {
    @TempDir
    Path tmp;

    @Test
    void aListingNamesItsOwnerAsAPersonReadsIt() throws Exception {
        try (Appliance appliance = ApplianceHarness.start(tmp.resolve("data"), "tcp://127.0.0.1:9", StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            List<String> lines = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user");
                    // FileZilla speaks version 3, whose listing carries the ls -l line.
                    SftpClient v3 = SftpClientFactory.instance()
                            .createSftpClient(partner.session(), SftpVersionSelector.fixedVersionSelector(3))) {
                for (SftpClient.DirEntry e : v3.readDir("/")) {
                    lines.add(e.getLongFilename());
                }
                // Version 6 (WinSCP's choice when offered) sends the owner as a name of its own.
                for (SftpClient.DirEntry e : partner.sftp().readDir("/")) {
                    owners.add(e.getAttributes().getOwner());
                }
            }
            assertThat(lines).isNotEmpty();
            assertThat(lines)
                    .allSatisfy(line -> assertThat(line)
                            .matches("[d-][rwx-]{9} +\\d+ kakehashi +kakehashi +\\d+ .*")
                            .doesNotContain("Principal"));
            assertThat(owners).isNotEmpty().allSatisfy(o -> assertThat(o).isEqualTo("kakehashi"));
        }
    }

    /** A folder shows the same time in every session, so clients that sync by time see no change. */
    @Test
    void foldersShowTheSameTimeInEverySession() throws Exception {
        try (Appliance appliance = ApplianceHarness.start(tmp.resolve("data"), "tcp://127.0.0.1:9", StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            List<String> first = folderTimes(appliance);
            Thread.sleep(1_100);
            assertThat(folderTimes(appliance)).isEqualTo(first);
        }
    }

    private static List<String> folderTimes(Appliance appliance) throws Exception {
        List<String> times = new ArrayList<>();
        try (var partner = ApplianceHarness.login(appliance.sftpPort(Zone.INTERNET), "acme-user")) {
            for (SftpClient.DirEntry e : partner.sftp().readDir("/")) {
                times.add(e.getFilename() + " " + e.getAttributes().getModifyTime());
            }
        }
        return times;
    }
}
