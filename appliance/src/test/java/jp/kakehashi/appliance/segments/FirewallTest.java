package jp.kakehashi.appliance.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.kakehashi.appliance.backup.BackupSchedule;
import jp.kakehashi.appliance.backup.BackupTarget;
import jp.kakehashi.appliance.backup.SnapshotRetention;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.policies.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirewallTest {
    @TempDir
    Path dir;

    @Test
    void eachSegmentAdmitsOnlyItsOwnListenersOnItsOwnInterface() throws Exception {
        String rules = Firewall.rules(SegmentsConfig.load(dir, SegmentsConfig.YAML));

        assertThat(rules)
                .contains("type filter hook input priority filter; policy drop;")
                .contains("iifname \"ens-int\" ip daddr 192.0.2.10 tcp dport { 22, 443 } ct state new accept")
                .contains("iifname \"ens-lg\" ip saddr { 10.20.0.0/16, 10.99.1.5 } ip daddr 10.20.0.10 tcp dport"
                        + " { 22, 443 } ct state new accept")
                .contains("iifname \"ens-my\" ip daddr 172.16.5.10 tcp dport { 22, 443 } ct state new accept");
        // Exactly three doors in: one per segment, none for any other address or interface.
        assertThat(rules.lines().filter(l -> l.contains("tcp dport {"))).hasSize(3);
    }

    @Test
    void nothingIsForwardedAndOnlyTheConfiguredPeersAreReachedEachFromItsOwnSegment() throws Exception {
        String rules = Firewall.rules(SegmentsConfig.load(dir, SegmentsConfig.YAML));

        assertThat(rules).contains("type filter hook forward priority filter; policy drop;\n\t}");
        assertThat(rules)
                .contains("oifname \"ens-int\" ip daddr 198.51.100.7 tcp dport 3128 ct state new accept")
                .contains("oifname \"ens-int\" ip daddr 192.0.2.123 udp dport 123 ct state new accept")
                .contains("oifname \"ens-lg\" ip daddr 10.20.0.50 tcp dport 6514 ct state new accept")
                .contains("oifname \"ens-lg\" ip daddr 10.20.0.50 udp dport 6514 ct state new accept")
                .contains("oifname \"ens-lg\" ip daddr 10.20.0.60 tcp dport 636 ct state new accept");
        // The My Number segment's interface is named for neighbour discovery alone: nothing leaves it.
        assertThat(rules.lines().filter(l -> l.contains("oifname \"ens-my\""))).isEmpty();
        assertThat(rules.lines().filter(l -> l.contains("daddr") && l.contains("oifname")))
                .hasSize(5);
    }

    @Test
    void nftablesAcceptsTheRulesAsWritten() throws Exception {
        Path file = dir.resolve("kakehashi.nft");
        Files.writeString(file, Firewall.rules(SegmentsConfig.load(dir, SegmentsConfig.YAML)));

        // A check in a private network namespace: the real parser, nothing loaded on this machine.
        Process nft = new ProcessBuilder("unshare", "--net", "--", "nft", "--check", "-f", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(nft.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(nft.exitValue()).as(output).isZero();
    }

    @Test
    void anSftpBackupServerIsReachedFromTheLgwanAndMustBeNamedByItsAddress() throws Exception {
        ApplianceConfig config = SegmentsConfig.load(dir, SegmentsConfig.YAML);
        BackupTarget server = new BackupTarget.Sftp(
                "kakehashi", "10.20.0.60", 2022, "/srv/backup", "SHA256:x", dir.resolve("id_ed25519"));
        String rules = Firewall.rules(config.withBackup(Optional.of(
                new BackupSchedule(server, Duration.ofHours(24), SnapshotRetention.defaults(), List.of()))));
        assertThat(rules).contains("oifname \"ens-lg\" ip daddr 10.20.0.60 tcp dport 2022 ct state new accept");

        BackupTarget byName = new BackupTarget.Sftp(
                "kakehashi", "backup.city.local", 22, "/srv/backup", "SHA256:x", dir.resolve("id_ed25519"));
        assertThatThrownBy(() -> Firewall.rules(config.withBackup(Optional.of(
                        new BackupSchedule(byName, Duration.ofHours(24), SnapshotRetention.defaults(), List.of())))))
                .isInstanceOf(SegmentsRefused.class)
                .hasMessageContaining("backup.destination")
                .hasMessageContaining("IP アドレスで指定してください");
    }

    @Test
    void theListenersAreTheSocketsTheFirewallOpens() throws Exception {
        assertThat(Firewall.listeners(SegmentsConfig.load(dir, SegmentsConfig.YAML)).stream()
                        .map(Object::toString))
                .containsExactly(
                        "192.0.2.10:22",
                        "192.0.2.10:443",
                        "10.20.0.10:22",
                        "10.20.0.10:443",
                        "172.16.5.10:22",
                        "172.16.5.10:443");
    }

    @Test
    void developmentOnLoopbackHasNoFirewallToWrite() {
        assertThatThrownBy(() -> Firewall.rules(ApplianceConfig.defaults(dir)))
                .isInstanceOf(SegmentsRefused.class)
                .hasMessageContaining("zones.internet.interface を設定してください / set the segment's interface");
    }

    @Test
    void aHostNameWhereAnAddressBelongsIsRefusedWithItsLine() {
        assertThatThrownBy(() ->
                        SegmentsConfig.load(dir, SegmentsConfig.YAML.replace("10.20.0.50:6514", "siem.example.lg.jp")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("syslog")
                .hasMessageContaining("IP アドレスで指定してください");
        assertThatThrownBy(() -> SegmentsConfig.load(dir, SegmentsConfig.YAML.replace("10.99.1.5", "10.99.1.5/33")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("allow-from")
                .hasMessageContaining("prefix length");
        assertThatThrownBy(() -> SegmentsConfig.load(dir, SegmentsConfig.YAML.replace("ens-my", "ens my; drop")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not an interface name");
    }
}
