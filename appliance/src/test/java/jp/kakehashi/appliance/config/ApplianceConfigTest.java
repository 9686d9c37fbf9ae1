package jp.kakehashi.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.kakehashi.appliance.backup.BackupSchedule;
import jp.kakehashi.appliance.backup.BackupTarget;
import jp.kakehashi.appliance.backup.SnapshotRetention;
import jp.kakehashi.appliance.directory.DirectorySettings;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedExampleLoadsAndMatchesTheDefaults() throws Exception {
        Path example = dir.resolve("kakehashi.yaml");
        Files.copy(Path.of("kakehashi.example.yaml"), example);
        ApplianceConfig c = ApplianceConfig.load(example);
        ApplianceConfig d = ApplianceConfig.defaults(dir.resolve("data"));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.listeners()).isEqualTo(d.listeners());
        assertThat(c.clamd()).isEqualTo(d.clamd());
        assertThat(c.scanTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.streamMaxLength()).isEqualTo(25L << 20);
        assertThat(c.policyFile()).isEmpty();
        assertThat(c.diskReserve()).isEqualTo(d.diskReserve()).isEqualTo(512L << 20);
        assertThat(c.signaturesMaxAge()).isEqualTo(d.signaturesMaxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(c.resumable()).isEqualTo(d.resumable()).isEqualTo(new ResumableUploads(Duration.ofHours(24), 10));
    }

    @Test
    void theMunicipalityHeadsTheReportsAndIsKeptShort() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, "municipality: \" 架け橋市 \"\n");
        assertThat(ApplianceConfig.load(file).municipality()).isEqualTo("架け橋市");
        Files.writeString(file, "data-dir: data\n");
        assertThat(ApplianceConfig.load(file).municipality())
                .as("none unless set")
                .isEmpty();
        Files.writeString(file, "municipality: " + "架".repeat(61) + "\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining("municipality")
                .hasMessageContaining("60");
    }

    /** Issue 25 §4: the directory is reached over TLS only, and its groups give LGWAN roles only. */
    @Test
    void theDirectoryIsReachedOverTlsAndMapsGroupsToLgwanRoles() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Files.writeString(dir.resolve("directory.secret"), "secret\n");
        String common = "  ca-file: ca.pem\n  bind-dn: cn=kakehashi,dc=city\n  bind-password-file: directory.secret\n"
                + "  user-base: ou=people,dc=city\n";
        String staff = "  groups:\n    - dn: \"cn=staff,ou=groups,dc=city\"\n      role: staff\n"
                + "    - dn: \"cn=税務課,ou=groups,dc=city\"\n      department: zeimu\n";
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(
                file,
                "outbound:\n  directory: [10.20.30.10]\ndirectory:\n  url: ldaps://dc1.city.example.lg.jp\n" + common
                        + staff);
        ApplianceConfig c = ApplianceConfig.load(file);
        assertThat(c.directory()).hasValueSatisfying(d -> {
            assertThat(d.servers()).containsExactly(new DirectorySettings.Server("dc1.city.example.lg.jp", 636));
            assertThat(d.ldaps()).isTrue();
            assertThat(d.userFilter()).isEqualTo("(&(objectClass=person)(uid={0}))");
            assertThat(d.mappings()).hasSize(2);
            assertThat(d.mappings().get(1).department()).contains("zeimu");
        });
        assertThat(c.outbound().directory()).singleElement().hasToString("10.20.30.10:636");

        Files.writeString(file, "directory:\n  url: ldap://dc1.city.example.lg.jp\n" + common + staff);
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .as("a plain connection sends staff passwords in the clear")
                .hasMessageContaining("directory.url")
                .hasMessageContaining("start-tls");
        Files.writeString(
                file, "directory:\n  url: ldap://dc1.city.example.lg.jp\n  start-tls: true\n" + common + staff);
        assertThat(ApplianceConfig.load(file).directory()).hasValueSatisfying(d -> {
            assertThat(d.ldaps()).isFalse();
            assertThat(d.servers()).extracting(DirectorySettings.Server::port).containsExactly(389);
        });
        Files.writeString(
                file,
                "directory:\n  url: ldaps://dc1.city.example.lg.jp ldaps://dc2.city.example.lg.jp:3269\n" + common
                        + staff);
        assertThat(ApplianceConfig.load(file).directory())
                .as("several domain controllers, tried in this order")
                .hasValueSatisfying(d -> assertThat(d.servers())
                        .containsExactly(
                                new DirectorySettings.Server("dc1.city.example.lg.jp", 636),
                                new DirectorySettings.Server("dc2.city.example.lg.jp", 3269)));
        Files.writeString(file, "directory:\n  url: ldaps://dc1 ldap://dc2\n  start-tls: true\n" + common + staff);
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("ldaps:// と ldap:// を混在できません");
        Files.writeString(
                file,
                "directory:\n  url: ldaps://dc1\n" + common
                        + "  groups:\n    - dn: \"cn=npo,dc=city\"\n      role: partner\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .as("the directory makes LGWAN staff, never partners")
                .hasMessageContaining("staff・officer・admin");
        Files.writeString(file, "directory:\n  url: ldaps://dc1\n" + common);
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("directory.groups");
        Files.writeString(file, "directory:\n  url: ldaps://dc1\n  ca-file: missing.pem\n" + staff);
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining("directory.ca-file")
                .hasMessageContaining("missing.pem");
    }

    /** Issue 25: notices go out with a relay and a sender; a relay alone (as setup writes it) sends nothing. */
    @Test
    void noticesNeedTheRelayAndTheSender() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, "outbound:\n  smtp-relay: 10.20.30.25\nmail:\n  from: kakehashi@city.example.lg.jp\n");
        ApplianceConfig both = ApplianceConfig.load(file);
        assertThat(both.mail()).hasValueSatisfying(m -> {
            assertThat(m.relay().port()).isEqualTo(25);
            assertThat(m.from()).isEqualTo("kakehashi@city.example.lg.jp");
            assertThat(m.startTls()).as("STARTTLS unless said otherwise").isTrue();
        });
        Files.writeString(file, "outbound:\n  smtp-relay: 10.20.30.25\n");
        assertThat(ApplianceConfig.load(file).mail()).isEmpty();
        Files.writeString(file, "mail:\n  from: kakehashi@city.example.lg.jp\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("中継サーバの指定が必要です");
        Files.writeString(file, "outbound:\n  smtp-relay: 10.20.30.25\nmail:\n  from: not an address\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("メールアドレスの形式");
    }

    @Test
    void partialUploadsAreKeptForAtLeastAMinute() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, "uploads:\n  keep-partial: 2h\n  partials-per-account: 3\n");
        assertThat(ApplianceConfig.load(file).resumable()).isEqualTo(new ResumableUploads(Duration.ofHours(2), 3));
        Files.writeString(file, "uploads:\n  keep-partial: 10s\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining("uploads.keep-partial")
                .hasMessageContaining("at least 1m");
        Files.writeString(file, "uploads:\n  partials-per-account: 0\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("uploads.partials-per-account");
    }

    @Test
    void theSignatureAgeLimitCanBeSetOrTurnedOff() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, "scanner:\n  signatures-max-age: 14d\n");
        assertThat(ApplianceConfig.load(file).signaturesMaxAge()).isEqualTo(Duration.ofDays(14));
        Files.writeString(file, "scanner:\n  signatures-max-age: 0s\n");
        assertThat(ApplianceConfig.load(file).signaturesMaxAge()).isZero();
        Files.writeString(file, "scanner:\n  signatures-max-age: a month\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining("scanner.signatures-max-age")
                .hasMessageContaining("duration");
    }

    @Test
    void scheduledBackupsNeedADestinationOutsideTheDataDirectory() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, "backup:\n  destination: /mnt/nas/kakehashi\n  every: 6h\n  keep-daily: 14\n");
        BackupSchedule s = ApplianceConfig.load(file).backup().orElseThrow();
        assertThat(s.destination()).isEqualTo(new BackupTarget.Directory(Path.of("/mnt/nas/kakehashi")));
        assertThat(s.every()).isEqualTo(Duration.ofHours(6));
        assertThat(s.keep()).isEqualTo(new SnapshotRetention(14, 4, 12));
        assertThat(s.configuration())
                .as("the configuration goes with each snapshot")
                .containsExactly(file);

        Files.writeString(file, "backup:\n  destination: \"\"\n");
        assertThat(ApplianceConfig.load(file).backup()).isEmpty();

        Files.writeString(file, "data-dir: data\nbackup:\n  destination: data/backups\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining("backup.destination")
                .hasMessageContaining("inside the data directory");
        Files.writeString(file, "backup:\n  destination: /mnt/nas\n  every: 0s\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining("backup.every")
                .hasMessageContaining("positive");
    }

    @Test
    void anSftpBackupDestinationNamesItsPinnedHostKeyAndItsIdentity() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, """
                backup:
                  destination: sftp://kakehashi@backup.city.local:2022/srv/backup
                  host-key: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
                  identity: keys/backup_ed25519
                """);
        BackupSchedule s = ApplianceConfig.load(file).backup().orElseThrow();
        assertThat(s.destination())
                .isEqualTo(new BackupTarget.Sftp(
                        "kakehashi",
                        "backup.city.local",
                        2022,
                        "/srv/backup",
                        "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
                        dir.resolve("keys/backup_ed25519").toAbsolutePath().normalize()));
        assertThat(s.destination().display()).isEqualTo("sftp://kakehashi@backup.city.local:2022/srv/backup");

        Files.writeString(file, "backup:\n  destination: sftp://kakehashi@backup.city.local/srv/backup\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining("backup.destination")
                .hasMessageContaining("host-key");
        Files.writeString(file, """
                backup:
                  destination: sftp://kakehashi:secret@backup.city.local/srv/backup
                  host-key: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
                  identity: keys/backup_ed25519
                """);
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("no password");
        Files.writeString(file, "backup:\n  destination: /mnt/nas\n  host-key: SHA256:abc\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("sftp:// destination only");
    }

    @Test
    void theManagementRangeBelongsToTheLgwanAlone() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, "zones:\n  lgwan:\n    management-from: [10.20.99.0/28]\n");
        assertThat(ApplianceConfig.load(file).signIn().managementFrom()).hasToString("[10.20.99.0/28]");
        Files.writeString(file, "zones:\n  lgwan:\n    management-from: [admin-pc.city.local]\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining("zones.lgwan.management-from")
                .hasMessageContaining("not an IP address");
        Files.writeString(file, "zones:\n  internet:\n    management-from: [192.0.2.0/24]\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("management-from");
    }

    @Test
    void anEmptyFileMeansTheDefaults() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, "");
        assertThat(ApplianceConfig.load(file).listener(Zone.LGWAN).sftpPort()).isEqualTo(2222);
    }

    @Test
    void unknownKeysStopStartUpNamingFileLineAndKey() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, """
                zones:
                  lgwan:
                    address: 10.0.0.5
                    sftp-prot: 22
                """);
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kakehashi.yaml:4:")
                .hasMessageContaining("zones.lgwan.sftp-prot")
                .hasMessageContaining("sftp-port");
    }

    @Test
    void malformedValuesAreNamedWithWhatWasExpected() throws Exception {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, "scanner:\n  clamd: 127.0.0.1:3310\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file))
                .hasMessageContaining(":2:")
                .hasMessageContaining("tcp://HOST:PORT");
        Files.writeString(file, "pipeline:\n  workers: many\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("whole number");
        Files.writeString(file, "scanner:\n  timeout: soon\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("duration");
        Files.writeString(file, "policy-file: missing.yaml\n");
        assertThatThrownBy(() -> ApplianceConfig.load(file)).hasMessageContaining("does not exist");
    }
}
