package jp.kakehashi.appliance.setup;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kakehashi.appliance.net.Cidr;
import jp.kakehashi.appliance.net.Endpoint;
import jp.kakehashi.appliance.segments.SegmentsRefused;
import jp.kakehashi.policies.YamlSection;
import jp.kakehashi.policies.Zone;

/**
 * What the administrator answered at setup, checked as a whole: every problem is listed at once, in
 * Japanese and English, and nothing is written while one remains.
 *
 * @param segments each zone's interface, its address with the prefix, and how it reaches beyond
 * @param signatureMirror freshclam's mirror or proxy, reached through the internet segment
 * @param signatureVia whether {@code signatureMirror} is a private mirror of the signature files or
 *     an HTTP proxy freshclam asks for ClamAV's own mirrors (no DNS either way: the firewall admits
 *     none)
 * @param ntp time servers, reached through the internet segment
 * @param syslog the SIEM's syslog receiver, reached through the LGWAN segment
 * @param smtpRelay the mail relay, reached through the LGWAN segment
 * @param mail the notices' sender address and whether the relay must offer STARTTLS; notices are
 *     sent only with a relay and a sender address
 * @param admin the first administrator, created with an invitation link when it does not exist yet
 * @param tls a PKCS#12 certificate to import; none keeps the one generated on first start
 */
public record SetupAnswers(
        Map<Zone, Segment> segments,
        List<Endpoint> signatureMirror,
        SignatureVia signatureVia,
        List<Endpoint> ntp,
        Optional<Endpoint> syslog,
        Optional<Endpoint> smtpRelay,
        Optional<Mail> mail,
        Optional<FirstAdmin> admin,
        Optional<TlsImport> tls) {

    /** One segment: the appliance's address on it and the prefix length of its subnet. */
    public record Segment(
            String interfaceName,
            InetAddress address,
            int prefix,
            Optional<InetAddress> gateway,
            List<Route> routes,
            List<Cidr> allowFrom,
            List<Cidr> managementFrom) {
        /** True when the segment can reach {@code a}: on its subnet, by a route, or by its gateway. */
        boolean reaches(InetAddress a) {
            return subnet().contains(a)
                    || gateway.isPresent()
                    || routes.stream().anyMatch(r -> r.to().contains(a));
        }

        Cidr subnet() {
            return new Cidr(address, prefix);
        }

        /** {@code 192.0.2.10/24}, as systemd-networkd's Address= takes it. */
        String addressWithPrefix() {
            return address.getHostAddress() + "/" + prefix;
        }
    }

    /** How freshclam reaches the signatures through {@code outbound.signature-mirror}. */
    public enum SignatureVia {
        /** An HTTP proxy (one address): freshclam asks it for database.clamav.net's files. */
        PROXY,
        /** The municipality's own mirror of the signature files, served over HTTP (one or more). */
        MIRROR
    }

    /** A route to a range beyond the segment, through a router on it. */
    public record Route(Cidr to, InetAddress via) {}

    public record FirstAdmin(String name, String department) {}

    /** The sender address notices carry, and whether the relay must upgrade to TLS. */
    public record Mail(String from, boolean startTls) {}

    public record TlsImport(Path keyStore, Path passwordFile) {}

    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    /** Reads and checks an answers file (format: {@code kakehashi setup --template}). */
    public static SetupAnswers load(Path file) {
        YamlSection root = YamlSection.load(file);
        List<String> problems = new ArrayList<>();
        Map<Zone, Segment> segments = new EnumMap<>(Zone.class);
        YamlSection zones = root.section("zones");
        for (Zone zone : Zone.values()) {
            YamlSection s = zones.section(zone.word());
            String where = "zones." + zone.word();
            String nic = s.string("interface", "");
            if (!INTERFACE.matcher(nic).matches()) {
                problems.add(where + ".interface: インタフェース名を指定してください (例: ens192) / give the interface's name"
                        + " (e.g. ens192)" + (nic.isEmpty() ? "" : ", not '" + nic + "'"));
            }
            Cidr address = cidr(problems, where + ".address", s.string("address", ""), true);
            Optional<InetAddress> gateway = s.optionalString("gateway")
                    .filter(g -> !g.isBlank())
                    .flatMap(g -> address(problems, where + ".gateway", g));
            List<Route> routes = new ArrayList<>();
            for (String r : s.strings("routes")) {
                String[] parts = r.strip().split("\\s+via\\s+");
                if (parts.length != 2) {
                    problems.add(where + ".routes: '" + r + "' は「範囲 via ルータ」で書いてください / write a route as"
                            + " 'RANGE via ROUTER', e.g. 10.0.0.0/8 via 10.20.0.1");
                    continue;
                }
                Cidr to = cidr(problems, where + ".routes", parts[0], false);
                address(problems, where + ".routes", parts[1]).ifPresent(via -> {
                    if (to != null) {
                        routes.add(new Route(to, via));
                    }
                });
            }
            List<Cidr> allowFrom = new ArrayList<>();
            for (String a : s.strings("allow-from")) {
                Cidr c = cidr(problems, where + ".allow-from", a, false);
                if (c != null) {
                    allowFrom.add(c);
                }
            }
            List<Cidr> managementFrom = new ArrayList<>();
            if (zone == Zone.LGWAN) {
                List<String> typed = s.strings("management-from");
                for (String a : typed) {
                    Cidr c = cidr(problems, where + ".management-from", a, false);
                    if (c != null) {
                        managementFrom.add(c);
                    }
                }
                if (typed.isEmpty()) {
                    problems.add(where + ".management-from: システム管理者が操作する管理用端末のアドレス範囲を指定してください"
                            + " (例: [10.20.99.0/28]) / give the management range, the addresses administrators work from"
                            + " (e.g. [10.20.99.0/28])");
                }
                s.finish(Set.of("interface", "address", "gateway", "routes", "allow-from", "management-from"));
            } else {
                s.finish(Set.of("interface", "address", "gateway", "routes", "allow-from"));
            }
            if (address != null) {
                Segment segment = new Segment(
                        nic,
                        Cidr.literal(s.string("address", "").split("/")[0].strip()),
                        address.prefix(),
                        gateway,
                        List.copyOf(routes),
                        List.copyOf(allowFrom),
                        List.copyOf(managementFrom));
                for (InetAddress router : routers(segment)) {
                    if (!segment.subnet().contains(router)) {
                        problems.add(where + ": ルータ " + router.getHostAddress() + " がセグメント " + segment.subnet()
                                + " の外にあります / the router " + router.getHostAddress()
                                + " is not on the segment's subnet " + segment.subnet());
                    }
                }
                segments.put(zone, segment);
            }
        }
        zones.finish();
        distinct(problems, segments);
        long gateways =
                segments.values().stream().filter(s -> s.gateway().isPresent()).count();
        if (gateways > 1) {
            problems.add("gateway: 既定の経路 (gateway) は 1 つのセグメントだけに指定してください。他は routes で指定します"
                    + " / only one segment may hold the default route (gateway); give the others routes");
        }
        if (segments.containsKey(Zone.MYNUMBER)
                && (segments.get(Zone.MYNUMBER).gateway().isPresent()
                        || !segments.get(Zone.MYNUMBER).routes().isEmpty())) {
            problems.add("zones.mynumber: マイナンバー利用事務系には経路を設定できません / the My Number segment gets no"
                    + " gateway or routes: nothing leaves it");
        }
        Segment lgwan = segments.get(Zone.LGWAN);
        if (lgwan != null) {
            for (Cidr c : lgwan.managementFrom()) {
                if (!lgwan.reaches(c.address())) {
                    problems.add("zones.lgwan.management-from: " + c + " は LGWAN 接続系から届きません（routes を確認）/ " + c
                            + " is not reachable on the LGWAN segment (check its routes)");
                }
            }
        }

        YamlSection outbound = root.section("outbound");
        List<Endpoint> mirror = endpoints(problems, outbound, "signature-mirror", 443);
        List<Endpoint> ntp = endpoints(problems, outbound, "ntp", 123);
        String via = outbound.string("signature-via", "proxy");
        SignatureVia signatureVia = via.equals("mirror") ? SignatureVia.MIRROR : SignatureVia.PROXY;
        if (!via.equals("mirror") && !via.equals("proxy")) {
            problems.add(
                    "outbound.signature-via: proxy か mirror を指定してください / must be proxy or mirror, not '" + via + "'");
        } else if (signatureVia == SignatureVia.PROXY && mirror.size() > 1) {
            problems.add("outbound.signature-mirror: プロキシは 1 つだけ指定できます / freshclam goes through one proxy;"
                    + " list several addresses only with signature-via: mirror");
        }
        Optional<Endpoint> syslog = endpoint(problems, "outbound.syslog", outbound.string("syslog", ""), 514);
        Optional<Endpoint> smtp = endpoint(problems, "outbound.smtp-relay", outbound.string("smtp-relay", ""), 25);
        outbound.finish();
        reachable(problems, segments, Zone.INTERNET, "outbound.signature-mirror", mirror);
        reachable(problems, segments, Zone.INTERNET, "outbound.ntp", ntp);
        reachable(
                problems,
                segments,
                Zone.LGWAN,
                "outbound.syslog",
                syslog.stream().toList());
        reachable(
                problems,
                segments,
                Zone.LGWAN,
                "outbound.smtp-relay",
                smtp.stream().toList());

        Optional<Mail> mail = Optional.empty();
        if (root.has("mail")) {
            YamlSection m = root.section("mail");
            String from = m.string("from", "").strip();
            boolean startTls = m.bool("starttls", true);
            m.finish();
            if (!from.isEmpty()) {
                try {
                    jp.kakehashi.appliance.identity.Contact.checkEmail(from);
                    if (smtp.isEmpty()) {
                        problems.add("mail.from: 通知メールを送るには中継サーバ (outbound.smtp-relay) の指定が必要です / notices"
                                + " need the mail relay, outbound.smtp-relay");
                    } else {
                        mail = Optional.of(new Mail(from, startTls));
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("mail.from: " + e.getMessage());
                }
            }
        }
        Optional<FirstAdmin> admin = Optional.empty();
        if (root.has("admin")) {
            YamlSection a = root.section("admin");
            String name = a.string("name", "");
            String department = a.string("department", "");
            a.finish();
            if (!NAME.matcher(name).matches()) {
                problems.add("admin.name: 管理者のアカウント名は英小文字・数字・. _ - の 2〜64 文字です / the administrator's"
                        + " account name is 2-64 of a-z 0-9 . _ -" + (name.isEmpty() ? "" : ", not '" + name + "'"));
            } else if (!NAME.matcher(department).matches()) {
                problems.add("admin.department: 所属課の ID を指定してください (例: johosystem) / give the department's id"
                        + " (e.g. johosystem)");
            } else {
                admin = Optional.of(new FirstAdmin(name, department));
            }
        }
        Optional<TlsImport> tls = Optional.empty();
        if (root.has("tls")) {
            YamlSection t = root.section("tls");
            String store = t.string("import", "");
            String password = t.string("password-file", "");
            t.finish();
            if (store.isEmpty() || password.isEmpty()) {
                problems.add("tls: import (PKCS#12 ファイル) と password-file の両方を指定してください / give both import (a"
                        + " PKCS#12 file) and password-file; leave tls out to keep the generated certificate");
            } else {
                Path base = file.toAbsolutePath().getParent();
                tls = Optional.of(new TlsImport(
                        base == null ? Path.of(store) : base.resolve(store),
                        base == null ? Path.of(password) : base.resolve(password)));
            }
        }
        root.finish(Set.of("zones", "outbound", "mail", "admin", "tls"));
        if (!problems.isEmpty()) {
            throw new SegmentsRefused(
                    "設定の回答に問題があります。何も書き込んでいません / the setup answers have problems; nothing was written:", problems);
        }
        return new SetupAnswers(segments, mirror, signatureVia, ntp, syslog, smtp, mail, admin, tls);
    }

    private static List<InetAddress> routers(Segment s) {
        List<InetAddress> routers =
                new ArrayList<>(s.routes().stream().map(Route::via).toList());
        s.gateway().ifPresent(routers::add);
        return routers;
    }

    private static void distinct(List<String> problems, Map<Zone, Segment> segments) {
        Set<String> nics = new HashSet<>();
        Set<InetAddress> addresses = new HashSet<>();
        for (Map.Entry<Zone, Segment> e : segments.entrySet()) {
            Segment s = e.getValue();
            if (!nics.add(s.interfaceName())) {
                problems.add("zones." + e.getKey().word() + ": インタフェース " + s.interfaceName()
                        + " は別のセグメントでも使われています / interface " + s.interfaceName()
                        + " is another segment's too; each segment needs its own");
            }
            if (!addresses.add(s.address())) {
                problems.add(
                        "zones." + e.getKey().word() + ": アドレス " + s.address().getHostAddress()
                                + " は別のセグメントでも使われています / address " + s.address().getHostAddress()
                                + " is another segment's too");
            }
            for (Map.Entry<Zone, Segment> o : segments.entrySet()) {
                if (o.getKey().compareTo(e.getKey()) > 0
                        && (o.getValue().subnet().contains(s.address())
                                || s.subnet().contains(o.getValue().address()))) {
                    problems.add("zones." + e.getKey().word() + " / zones."
                            + o.getKey().word() + ": サブネット "
                            + s.subnet() + " と " + o.getValue().subnet() + " が重なっています / the subnets overlap:"
                            + " three segments must stay three networks");
                }
            }
        }
    }

    private static void reachable(
            List<String> problems, Map<Zone, Segment> segments, Zone zone, String key, List<Endpoint> peers) {
        Segment s = segments.get(zone);
        if (s == null) {
            return;
        }
        for (Endpoint peer : peers) {
            if (!s.reaches(peer.address())) {
                problems.add(key + ": " + peer.address().getHostAddress() + " に " + zone.japaneseName()
                        + " から届きません (サブネット外で gateway も routes もありません) / " + zone.word()
                        + " cannot reach " + peer.address().getHostAddress()
                        + ": it is outside " + s.subnet() + " and the segment has no gateway or route to it");
            }
        }
    }

    private static List<Endpoint> endpoints(List<String> problems, YamlSection s, String key, int port) {
        List<Endpoint> out = new ArrayList<>();
        for (String text : s.strings(key)) {
            endpoint(problems, "outbound." + key, text, port).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Endpoint> endpoint(List<String> problems, String key, String text, int port) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Endpoint.parse(text, port));
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static @org.jspecify.annotations.Nullable Cidr cidr(
            List<String> problems, String key, String text, boolean hostAddress) {
        if (hostAddress && !text.contains("/")) {
            problems.add(key + ": アドレスをプレフィックス長付きで指定してください (例: 192.0.2.10/24) / give the address"
                    + " with its prefix length (e.g. 192.0.2.10/24)" + (text.isEmpty() ? "" : ", not '" + text + "'"));
            return null;
        }
        try {
            Cidr c = Cidr.parse(text);
            InetAddress host = Cidr.literal(text.strip().split("/")[0]);
            if (hostAddress && (host.isLoopbackAddress() || host.isAnyLocalAddress() || host.isMulticastAddress())) {
                problems.add(key + ": " + text + " はセグメントのアドレスになりません / " + text
                        + " cannot be a segment's address (loopback, wildcard or multicast)");
                return null;
            }
            return c;
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }

    private static Optional<InetAddress> address(List<String> problems, String key, String text) {
        try {
            return Optional.of(Cidr.literal(text.strip()));
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
