package jp.kakehashi.appliance.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.PasswordLinks;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.portal.PortalAdministration;
import jp.kakehashi.appliance.segments.InterfaceCheck;
import jp.kakehashi.appliance.segments.SegmentsRefused;
import jp.kakehashi.appliance.setup.SetupAnswers;
import jp.kakehashi.appliance.setup.SetupFiles;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.web.pages.Format;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kakehashi setup}: the appliance's first boot, and every later change of its network.
 * From an answers file ({@code --answers}) or by questions at the console, whose answers are kept
 * ({@code setup-answers.yaml}) and offered again next time. Run twice with the same answers, it
 * changes nothing.
 */
@Command(
        name = "setup",
        description = "First boot: segments, outbound peers, TLS certificate, first administrator (初期設定).")
final class SetupCommand implements Callable<Integer> {
    @Option(names = "--answers", paramLabel = "FILE", description = "Answer from FILE; --template prints one.")
    @Nullable
    Path answers;

    @Option(names = "--template", description = "Print an answers file to fill in, and stop.")
    boolean template;

    @Option(names = "--etc", paramLabel = "DIR", description = "Configuration folder (default: ${DEFAULT-VALUE}).")
    Path etc = SetupFiles.Target.appliance().etc();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = SetupFiles.Target.appliance().dataDir();

    @Option(
            names = "--skip-interface-check",
            description = "Do not require the interfaces on this machine (answers prepared elsewhere).")
    boolean skipInterfaceCheck;

    private static final String TEMPLATE = """
            # 架け橋 Kakehashi — setup answers (kakehashi setup --answers FILE). 初期設定の回答。
            zones:
              internet:                     # インターネット接続系: partners
                interface: ens192
                address: 192.0.2.10/24      # the appliance's address with the prefix length
                gateway: 192.0.2.1          # one segment at most holds the default route
              lgwan:                        # LGWAN接続系: staff
                interface: ens224
                address: 10.20.0.10/16
                routes: []                  # e.g. ["10.0.0.0/8 via 10.20.0.1"]
                allow-from: []              # ranges the firewall admits; empty: the whole segment
                management-from: [10.20.99.0/28]  # the administrators' desks (管理用端末), required
              mynumber:                     # マイナンバー利用事務系: nothing leaves it
                interface: ens256
                address: 172.16.5.10/24
            outbound:
              signature-mirror: []          # freshclam's mirror or proxy, ADDRESS:PORT (internet)
              signature-via: proxy          # proxy (one HTTP proxy) or mirror (the city's own mirrors)
              ntp: []                       # time servers (internet)
              syslog: ""                    # the SIEM, ADDRESS:PORT (LGWAN)
              smtp-relay: ""                # the mail relay (LGWAN)
            mail:                           # notices (arrivals, approvals, invitations) by mail
              from: ""                      # the sender address, e.g. kakehashi@city.example.lg.jp
              starttls: true                # false only for a relay that cannot upgrade to TLS
            admin:                          # the first administrator; gets an invitation link
              name: admin
              department: johosystem
            # tls:                          # import the city's certificate instead of the generated one
            #   import: server.p12
            #   password-file: server.p12.password
            """;

    @Override
    public Integer call() throws IOException {
        if (template) {
            System.out.print(TEMPLATE);
            return 0;
        }
        Path kept = etc.resolve("setup-answers.yaml");
        Path file = answers;
        if (file == null) {
            file = ask(kept);
        }
        SetupAnswers a = SetupAnswers.load(file);
        if (!skipInterfaceCheck) {
            requireInterfaces(a);
        }
        a.tls().ifPresent(SetupCommand::checkKeyStore);
        SetupFiles.Target target = new SetupFiles.Target(etc, etc.resolve("network"), etc.resolve("chrony"), dataDir);
        for (SetupFiles.Written w : SetupFiles.write(a, target)) {
            System.out.println((w.changed() ? "書き込み / written:   " : "変更なし / unchanged: ") + w.file());
        }
        if (!file.equals(kept)) {
            copyWhole(file, kept);
        }
        ApplianceConfig config = ApplianceConfig.load(etc.resolve("kakehashi.yaml"));
        DataDir data = new DataDir(config.dataDir());
        Files.createDirectories(data.root());
        if (a.tls().isPresent()) {
            importKeyStore(a.tls().get(), data);
            System.out.println("TLS 証明書を取り込みました / TLS certificate imported: " + data.tlsKeyStore());
        }
        if (a.admin().isPresent()) {
            admin(a.admin().get(), config, data);
        }
        followOwner(data.root());
        System.out.println("完了。ファイアウォールとネットワークを再読み込みしてください / done: reload the firewall and"
                + " network (systemctl restart systemd-networkd kakehashi-firewall kakehashi)");
        return 0;
    }

    /** Asks each question at the console, offering the kept answers; returns the answers file written. */
    private Path ask(Path kept) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Optional<jp.kakehashi.policies.YamlSection> before =
                Files.exists(kept) ? Optional.of(jp.kakehashi.policies.YamlSection.load(kept)) : Optional.empty();
        StringBuilder y = new StringBuilder("# kakehashi setup の回答 / answers given at the console\nzones:\n");
        for (Zone zone : Zone.values()) {
            System.out.println("== " + zone.japaneseName() + " (" + zone.word() + ") ==");
            var z = before.map(b -> b.section("zones").section(zone.word()));
            y.append("  ").append(zone.word()).append(":\n");
            y.append("    interface: ")
                    .append(quote(question(in, "インタフェース名 / interface", z, "interface")))
                    .append('\n');
            y.append("    address: ")
                    .append(quote(question(in, "アドレス/プレフィックス長 / address/prefix", z, "address")))
                    .append('\n');
            if (zone != Zone.MYNUMBER) {
                String gateway = question(in, "既定ゲートウェイ (なければ空) / default gateway (empty: none)", z, "gateway");
                y.append("    gateway: ").append(quote(gateway)).append('\n');
            }
            if (zone == Zone.LGWAN) {
                y.append("    management-from: [")
                        .append(list(question(
                                in, "管理用端末のアドレス範囲 (カンマ区切り) / management range (CIDR, commas)", z, "management-from")))
                        .append("]\n");
            }
        }
        var o = before.map(b -> b.section("outbound"));
        y.append("outbound:\n");
        y.append("  signature-mirror: [")
                .append(question(
                        in, "ウイルス定義のミラー/プロキシ / signature mirror or proxy (ADDRESS:PORT)", o, "signature-mirror"))
                .append("]\n");
        String via = question(in, "それはプロキシかミラーか / is it a proxy or a mirror (proxy/mirror)", o, "signature-via");
        y.append("  signature-via: ")
                .append(quote(via.isEmpty() ? "proxy" : via))
                .append('\n');
        y.append("  ntp: [")
                .append(question(in, "NTP サーバ / NTP servers (ADDRESS, ...)", o, "ntp"))
                .append("]\n");
        y.append("  syslog: ")
                .append(quote(question(in, "syslog (SIEM) ADDRESS:PORT (なければ空 / empty: none)", o, "syslog")))
                .append('\n');
        String relay = question(in, "メール中継サーバ / mail relay ADDRESS:PORT (なければ空 / empty: none)", o, "smtp-relay");
        y.append("  smtp-relay: ").append(quote(relay)).append('\n');
        if (!relay.isEmpty()) {
            var m = before.map(b -> b.section("mail"));
            y.append("mail:\n  from: ")
                    .append(quote(question(
                            in,
                            "通知メールの差出人アドレス / the notices' sender address (e.g. kakehashi@city.example.lg.jp)",
                            m,
                            "from")))
                    .append('\n');
        }
        var ad = before.map(b -> b.section("admin"));
        String admin = question(in, "最初の管理者のアカウント名 / first administrator's account", ad, "name");
        if (!admin.isEmpty()) {
            y.append("admin:\n  name: ")
                    .append(quote(admin))
                    .append("\n  department: ")
                    .append(quote(question(in, "管理者の所属課 ID / the administrator's department id", ad, "department")))
                    .append('\n');
        }
        Files.createDirectories(etc);
        Path given = etc.resolve(".setup-answers.yaml.new");
        Files.writeString(given, y.toString(), StandardCharsets.UTF_8);
        return given;
    }

    private static String question(
            BufferedReader in, String prompt, Optional<jp.kakehashi.policies.YamlSection> section, String key)
            throws IOException {
        String previous = section.filter(s -> s.has(key)).map(s -> text(s, key)).orElse("");
        System.out.print(prompt + (previous.isEmpty() ? "" : " [" + previous + "]") + ": ");
        System.out.flush();
        String line = in.readLine();
        String answer = line == null ? "" : line.strip();
        return answer.isEmpty() ? previous : answer;
    }

    /** A kept answer as it was typed: one value, or a list joined by commas. */
    private static String text(jp.kakehashi.policies.YamlSection s, String key) {
        try {
            return s.optionalString(key).orElse("");
        } catch (jp.kakehashi.policies.ConfigException e) {
            return String.join(", ", s.strings(key));
        }
    }

    private static String list(String answer) {
        return java.util.Arrays.stream(answer.split(","))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .map(SetupCommand::quote)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void requireInterfaces(SetupAnswers a) {
        var system = InterfaceCheck.system();
        List<String> missing = a.segments().entrySet().stream()
                .filter(e -> !system.containsKey(e.getValue().interfaceName()))
                .map(e -> "zones." + e.getKey().word() + ".interface: この機械に "
                        + e.getValue().interfaceName()
                        + " はありません (あるもの: " + String.join(", ", system.keySet()) + ") / this machine has no "
                        + e.getValue().interfaceName() + " (it has " + String.join(", ", system.keySet()) + ")")
                .toList();
        if (!missing.isEmpty()) {
            throw new SegmentsRefused(
                    "設定の回答に問題があります。何も書き込んでいません / the setup answers have problems; nothing was written:", missing);
        }
    }

    /** A certificate is imported only when its key opens with its password and it has not expired. */
    private static void checkKeyStore(SetupAnswers.TlsImport tls) {
        String problem;
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            char[] password = Files.readString(tls.passwordFile()).strip().toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            Optional<String> alias = Collections.list(ks.aliases()).stream()
                    .filter(al -> isKey(ks, al))
                    .findFirst();
            if (alias.isEmpty()) {
                problem = "鍵が入っていません / it holds no private key";
            } else {
                ((X509Certificate) ks.getCertificate(alias.get())).checkValidity();
                ks.getKey(alias.get(), password);
                return;
            }
        } catch (java.security.cert.CertificateExpiredException
                | java.security.cert.CertificateNotYetValidException e) {
            problem = "証明書の有効期間外です / the certificate is outside its validity: " + e.getMessage();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problem = "PKCS#12 として開けません（パスワードを確認してください） / cannot open it as PKCS#12 with that" + " password: "
                    + e.getMessage();
        }
        throw new SegmentsRefused(
                "設定の回答に問題があります。何も書き込んでいません / the setup answers have problems; nothing was written:",
                List.of("tls.import " + tls.keyStore() + ": " + problem));
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void importKeyStore(SetupAnswers.TlsImport tls, DataDir data) throws IOException {
        Files.createDirectories(data.tlsKeyStore().getParent());
        copyOwnerOnly(tls.keyStore(), data.tlsKeyStore());
        copyOwnerOnly(tls.passwordFile(), data.tlsPassword());
    }

    private static void copyOwnerOnly(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling("." + to.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, Files.readAllBytes(from));
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyWhole(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling("." + to.getFileName() + ".new");
        if (!from.equals(tmp)) {
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The first administrator, invited (a one-time link sets the password; the first sign-in enrols TOTP). */
    private static void admin(SetupAnswers.FirstAdmin admin, ApplianceConfig config, DataDir data) {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(data.database())) {
            Accounts accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(random), clock);
            if (accounts.find(admin.name()).isPresent()) {
                System.out.println("変更なし / unchanged: 管理者 " + admin.name() + " は既にあります / the administrator exists");
                return;
            }
            accounts.createInvited(
                    new Account(admin.name(), Role.ADMIN, admin.department(), List.of(), false), "setup");
            PasswordLinks.Issued link = new PasswordLinks(db, new JdbcIdentityStore(), accounts, random, clock)
                    .issue(admin.name(), PasswordLinks.Purpose.INVITE, "setup");
            UserCommand.appendNowIfIdle(data, db, random);
            ApplianceConfig.Listener l = config.listener(Zone.LGWAN);
            System.out.println("管理者 " + admin.name() + " を作成しました。次のリンクでパスワードを設定し、最初のログインで認証アプリを"
                    + "登録します / administrator created: set the password at this link; the first sign-in enrols"
                    + " the authenticator (TOTP):");
            System.out.println(PortalAdministration.baseUrl(l.address(), l.httpsPort()) + "/password/" + link.token());
            System.out.println("有効期限 / valid until: " + Format.time(link.expiresAt()));
        }
    }

    /**
     * Setup runs as root; what it made in the data directory must belong to the daemon's user
     * (the directory's owner), or the daemon could not open its own database.
     */
    static void followOwner(Path dataRoot) throws IOException {
        UserPrincipal owner = Files.getOwner(dataRoot);
        try (Stream<Path> all = Files.walk(dataRoot)) {
            for (Path p : all.toList()) {
                if (!Files.getOwner(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).equals(owner)) {
                    Files.setOwner(p, owner);
                }
            }
        }
    }
}
