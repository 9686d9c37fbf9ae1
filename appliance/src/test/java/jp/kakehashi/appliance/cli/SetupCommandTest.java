package jp.kakehashi.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First boot: answers become the configuration, the network files and the first administrator, or nothing. */
class SetupCommandTest {
    @TempDir
    Path tmp;

    private static final String ANSWERS = """
            zones:
              internet:
                interface: ens192
                address: 192.0.2.10/24
                gateway: 192.0.2.1
              lgwan:
                interface: ens224
                address: 10.20.0.10/16
                routes: ["10.0.0.0/8 via 10.20.0.1"]
                allow-from: [10.20.0.0/16]
                management-from: [10.21.99.0/28]
              mynumber:
                interface: ens256
                address: 172.16.5.10/24
            outbound:
              signature-mirror: ["198.18.0.53:3128"]
              ntp: ["198.18.0.123"]
              syslog: "10.30.0.5:514"
            admin:
              name: joho-admin
              department: johosystem
            """;

    @Test
    void answersBecomeTheConfigurationTheNetworkAndAnInvitedAdministratorAndASecondRunChangesNothing()
            throws IOException {
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, ANSWERS);
        // A configuration edited by hand before: setup replaces its zones and keeps the rest.
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("etc/kakehashi.yaml"), """
                data-dir: old-data
                zones:
                  internet:
                    address: 127.0.0.1
                pipeline:
                  workers: 3
                """);
        CliRunner.Run first = setup("", "--answers", answers.toString());
        assertThat(first.exit()).as(first.err() + first.out()).isZero();
        assertThat(first.out())
                .contains("書き込み / written:   " + tmp.resolve("etc/kakehashi.yaml"))
                .contains("管理者 joho-admin を作成しました")
                .containsPattern("https://10\\.20\\.0\\.10:443/password/\\S+")
                .containsPattern("有効期限 / valid until: \\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2} JST");

        ApplianceConfig config = ApplianceConfig.load(tmp.resolve("etc/kakehashi.yaml"));
        assertThat(config.listener(Zone.LGWAN).address()).isEqualTo("10.20.0.10");
        assertThat(config.listener(Zone.LGWAN).interfaceName()).contains("ens224");
        assertThat(config.listener(Zone.INTERNET).httpsPort()).isEqualTo(443);
        assertThat(config.dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(config.signIn().managementFrom()).hasToString("[10.21.99.0/28]");
        assertThat(Files.readString(tmp.resolve("etc/kakehashi.yaml")))
                .contains("pipeline:\n  workers: 3\n")
                .doesNotContain("127.0.0.1", "old-data");
        assertThat(tmp.resolve("etc/kakehashi.yaml.previous")).exists();
        assertThat(Files.readString(tmp.resolve("etc/network/10-kakehashi-internet.network")))
                .contains("Name=ens192", "Address=192.0.2.10/24", "Gateway=192.0.2.1", "DHCP=no");
        assertThat(Files.readString(tmp.resolve("etc/network/10-kakehashi-lgwan.network")))
                .contains("Destination=10.0.0.0/8", "Gateway=10.20.0.1")
                .doesNotContain("\nGateway=10.20.0.1\nDHCP");
        assertThat(Files.readString(tmp.resolve("etc/chrony/kakehashi.sources")))
                .contains("server 198.18.0.123 iburst");
        // freshclam through the proxy by address (no DNS leaves the appliance); the journal to the SIEM.
        assertThat(Files.readString(tmp.resolve("etc/freshclam.conf")))
                .contains("HTTPProxyServer 198.18.0.53\nHTTPProxyPort 3128\n", "NotifyClamd /etc/clamav/clamd.conf");
        assertThat(Files.readString(tmp.resolve("etc/rsyslog/kakehashi-siem.conf")))
                .contains("target=\"10.30.0.5\" port=\"514\" protocol=\"tcp\"");
        // The generated firewall lets the SIEM and the mirror out through their own segments.
        CliRunner.Run rules = CliRunner.run(
                "", "firewall", "--config", tmp.resolve("etc/kakehashi.yaml").toString());
        assertThat(rules.out()).contains("ens192", "ens224", "ens256", "10.30.0.5", "198.18.0.53");
        // The administrators' desks sit outside the staff's range: the LGWAN listeners admit them too.
        assertThat(rules.out()).contains("ip saddr { 10.20.0.0/16, 10.21.99.0/28 }");

        CliRunner.Run again = setup("", "--answers", answers.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).doesNotContain("written").contains("は既にあります / the administrator exists");

        // The city's own mirrors instead of a proxy: one PrivateMirror each, no proxy.
        Files.writeString(
                answers,
                ANSWERS.replace(
                        "signature-mirror: [\"198.18.0.53:3128\"]",
                        "signature-mirror: [\"198.18.0.53:80\", \"198.18.0.54:80\"]\n  signature-via: mirror"));
        assertThat(setup("", "--answers", answers.toString()).exit()).isZero();
        assertThat(Files.readString(tmp.resolve("etc/freshclam.conf")))
                .contains("PrivateMirror http://198.18.0.53:80\nPrivateMirror http://198.18.0.54:80\n")
                .doesNotContain("HTTPProxyServer");
    }

    @Test
    void everyWrongAnswerIsNamedAndNothingIsWritten() throws IOException {
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, """
                zones:
                  internet:
                    interface: ens192
                    address: 192.0.2.10/24
                    gateway: 192.0.2.1
                  lgwan:
                    interface: ens224
                    address: 10.20.0.10/16
                    gateway: 10.99.0.1
                    routes: ["10.0.0.0/8"]
                  mynumber:
                    interface: ens192
                    address: 172.16.5.10/24
                    gateway: 172.16.5.1
                outbound:
                  syslog: "10.30.0.5:514"
                  ntp: ["ntp.nict.jp"]
                admin:
                  name: Admin!
                  department: johosystem
                """);
        CliRunner.Run r = setup("", "--answers", answers.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("何も書き込んでいません / the setup answers have problems; nothing was written")
                .contains("interface ens192 is another segment's too")
                .contains("the router 10.99.0.1 is not on the segment's subnet 10.20.0.0/16")
                .contains("write a route as 'RANGE via ROUTER'")
                .contains("only one segment may hold the default route")
                .contains("the My Number segment gets no gateway or routes")
                .contains("zones.lgwan.management-from: システム管理者が操作する管理用端末のアドレス範囲を指定してください")
                .contains("outbound.ntp: 'ntp.nict.jp' is not an IP address")
                .contains("admin.name:")
                .doesNotContain("\tat ");
        assertThat(tmp.resolve("etc/kakehashi.yaml")).doesNotExist();
        assertThat(tmp.resolve("data")).doesNotExist();

        Files.writeString(
                answers,
                ANSWERS.replace("address: 192.0.2.10/24", "address: 192.0.2.10")
                        .replace("syslog: \"10.30.0.5:514\"", "syslog: \"192.168.40.5:514\"")
                        .replace("management-from: [10.21.99.0/28]", "management-from: [192.168.99.0/24]"));
        CliRunner.Run unreachable = setup("", "--answers", answers.toString());
        assertThat(unreachable.err())
                .contains("zones.internet.address: アドレスをプレフィックス長付きで指定してください")
                .contains("lgwan cannot reach 192.168.40.5")
                .contains("192.168.99.0/24 is not reachable on the LGWAN segment");
        assertThat(tmp.resolve("etc/kakehashi.yaml")).doesNotExist();

        Files.writeString(
                answers,
                ANSWERS.replace(
                        "signature-mirror: [\"198.18.0.53:3128\"]",
                        "signature-mirror: [\"198.18.0.53:3128\", \"198.18.0.54:3128\"]\n  signature-via: by-air"));
        CliRunner.Run via = setup("", "--answers", answers.toString());
        assertThat(via.err()).contains("outbound.signature-via: proxy か mirror を指定してください");
        Files.writeString(answers, ANSWERS.replace("198.18.0.53:3128\"]", "198.18.0.53:3128\", \"198.18.0.54\"]"));
        assertThat(setup("", "--answers", answers.toString()).err()).contains("freshclam goes through one proxy");

        Files.writeString(answers, ANSWERS + "smtp: 10.20.0.25\n");
        CliRunner.Run unknown = setup("", "--answers", answers.toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("answers.yaml").contains("smtp");
        assertThat(tmp.resolve("etc/kakehashi.yaml")).doesNotExist();
    }

    @Test
    void aCertificateThatDoesNotOpenIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path answers = tmp.resolve("answers.yaml");
        Files.write(tmp.resolve("server.p12"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});
        Files.writeString(tmp.resolve("server.p12.password"), "wrong\n");
        Files.writeString(answers, ANSWERS + "tls:\n  import: server.p12\n  password-file: server.p12.password\n");
        CliRunner.Run r = setup("", "--answers", answers.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("tls.import").contains("PKCS#12 として開けません");
        assertThat(tmp.resolve("etc/kakehashi.yaml")).doesNotExist();
    }

    /** ISSUE 25: setup asks for the notices' sender with the mail relay, so mail works after first boot. */
    @Test
    void theMailRelayAndTheSenderAddressMakeNoticesWork() throws IOException {
        Path answers = tmp.resolve("answers.yaml");
        String withMail = ANSWERS.replace(
                        "syslog: \"10.30.0.5:514\"\n", "syslog: \"10.30.0.5:514\"\n  smtp-relay: \"10.20.0.25:25\"\n")
                + "mail:\n  from: kakehashi@city.example.lg.jp\n";
        Files.writeString(answers, withMail);
        CliRunner.Run run = setup("", "--answers", answers.toString());
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        ApplianceConfig config = ApplianceConfig.load(tmp.resolve("etc/kakehashi.yaml"));
        assertThat(config.mail()).hasValueSatisfying(m -> {
            assertThat(m.from()).isEqualTo("kakehashi@city.example.lg.jp");
            assertThat(m.relay()).hasToString("10.20.0.25:25");
            assertThat(m.startTls()).isTrue();
        });
        assertThat(setup("", "--answers", answers.toString()).out())
                .as("a second run changes nothing")
                .doesNotContain("written");

        Files.writeString(answers, withMail.replace("kakehashi@city.example.lg.jp", "not an address"));
        CliRunner.Run bad = setup("", "--answers", answers.toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("mail.from");
        Files.writeString(answers, ANSWERS + "mail:\n  from: kakehashi@city.example.lg.jp\n");
        CliRunner.Run noRelay = setup("", "--answers", answers.toString());
        assertThat(noRelay.exit()).isNotZero();
        assertThat(noRelay.err()).contains("mail.from", "outbound.smtp-relay");
    }

    @Test
    void theConsoleQuestionsOfferTheLastAnswersAgain() throws IOException {
        String typed = String.join(
                "\n",
                "ens192",
                "192.0.2.10/24",
                "192.0.2.1",
                "ens224",
                "10.20.0.10/16",
                "",
                "10.20.99.0/28",
                "ens256",
                "172.16.5.10/24",
                "198.18.0.53:3128",
                "",
                "198.18.0.123",
                "",
                "10.20.0.25:25",
                "kakehashi@city.example.lg.jp",
                "",
                "");
        CliRunner.Run first = setup(typed);
        assertThat(first.exit()).as(first.err() + first.out()).isZero();
        assertThat(first.out())
                .contains("インタフェース名 / interface: ", "通知メールの差出人アドレス")
                .contains("written");
        assertThat(ApplianceConfig.load(tmp.resolve("etc/kakehashi.yaml")).mail())
                .as("the relay and the sender asked at the console")
                .hasValueSatisfying(m -> assertThat(m.from()).isEqualTo("kakehashi@city.example.lg.jp"));
        assertThat(tmp.resolve("etc/setup-answers.yaml")).exists();

        // Enter at every question keeps the previous answer: nothing changes.
        CliRunner.Run second = setup("\n".repeat(20));
        assertThat(second.exit()).as(second.err() + second.out()).isZero();
        assertThat(second.out())
                .contains("[ens224]", "[10.20.99.0/28]", "[kakehashi@city.example.lg.jp]")
                .doesNotContain("written");
    }

    private CliRunner.Run setup(String stdin, String... args) {
        String[] all = new String[args.length + 6];
        all[0] = "setup";
        all[1] = "--etc";
        all[2] = tmp.resolve("etc").toString();
        all[3] = "--data-dir";
        all[4] = tmp.resolve("data").toString();
        all[5] = "--skip-interface-check";
        System.arraycopy(args, 0, all, 6, args.length);
        return CliRunner.run(stdin, all);
    }
}
