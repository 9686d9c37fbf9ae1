package jp.kakehashi.appliance.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.net.Cidr;
import jp.kakehashi.appliance.net.Endpoint;
import jp.kakehashi.policies.Zone;

/**
 * The files setup writes from the answers: the appliance's configuration, one systemd-networkd file
 * per segment, chrony's time sources, freshclam's configuration and rsyslog's forwarding to the
 * SIEM. All are made in memory and the configuration is loaded
 * as {@code kakehashi up} would load it before any file is replaced; each is then replaced whole
 * (written beside, renamed over), and a file whose content is already the same is left alone.
 */
public final class SetupFiles {
    /** Where the files go; on the appliance all three are on the data volume. */
    public record Target(Path etc, Path network, Path chrony, Path dataDir) {
        public static Target appliance() {
            Path etc = Path.of("/var/lib/kakehashi/etc");
            return new Target(etc, etc.resolve("network"), etc.resolve("chrony"), Path.of("/var/lib/kakehashi/data"));
        }

        Path config() {
            return etc.resolve("kakehashi.yaml");
        }
    }

    /** One file and whether this run changed it. */
    public record Written(Path file, boolean changed) {}

    private SetupFiles() {}

    /** The content of every file, by path, in the order they are written. */
    static Map<Path, String> render(SetupAnswers a, Target t) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        String existing = Files.exists(t.config()) ? Files.readString(t.config(), StandardCharsets.UTF_8) : "";
        files.put(t.config(), config(a, t, existing));
        for (Zone zone : Zone.values()) {
            SetupAnswers.Segment s = a.segments().get(zone);
            if (s != null) {
                files.put(t.network().resolve("10-kakehashi-" + zone.word() + ".network"), network(zone, s));
            }
        }
        files.put(t.etc().resolve("freshclam.conf"), freshclam(a));
        files.put(t.etc().resolve("rsyslog").resolve("kakehashi-siem.conf"), siem(a));
        files.put(
                t.chrony().resolve("kakehashi.sources"),
                "# Written by kakehashi setup: outbound.ntp, reached through the internet segment.\n"
                        + a.ntp().stream()
                                .map(e -> "server " + e.address().getHostAddress() + " iburst\n")
                                .collect(Collectors.joining()));
        return files;
    }

    /** Checks the configuration as the daemon will read it, then writes every file that changed. */
    public static List<Written> write(SetupAnswers answers, Target target) throws IOException {
        Map<Path, String> files = render(answers, target);
        Files.createDirectories(target.etc());
        Path check = target.etc().resolve(".kakehashi.yaml.check");
        try {
            Files.writeString(check, files.get(target.config()), StandardCharsets.UTF_8);
            ApplianceConfig.load(check);
        } finally {
            Files.deleteIfExists(check);
        }
        List<Written> written = new java.util.ArrayList<>();
        for (Map.Entry<Path, String> f : files.entrySet()) {
            Path file = f.getKey();
            if (Files.exists(file)
                    && Files.readString(file, StandardCharsets.UTF_8).equals(f.getValue())) {
                written.add(new Written(file, false));
                continue;
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling("." + file.getFileName() + ".new");
            Files.writeString(tmp, f.getValue(), StandardCharsets.UTF_8);
            if (Files.exists(file)) {
                Files.copy(
                        file,
                        file.resolveSibling(file.getFileName() + ".previous"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written.add(new Written(file, true));
        }
        return written;
    }

    /**
     * The top-level keys setup writes; every other section of an existing file is kept as it is.
     * {@code mail} is setup's only when a sender address was answered.
     */
    private static final java.util.Set<String> OWNED = java.util.Set.of("data-dir", "zones", "outbound");

    private static String config(SetupAnswers a, Target t, String existing) {
        StringBuilder y = new StringBuilder();
        y.append("# 架け橋 Kakehashi — data-dir, zones and outbound are written by `kakehashi setup` (run it again\n");
        y.append("# to change them); other keys of kakehashi.example.yaml may be added below and are kept.\n");
        y.append("data-dir: ").append(t.dataDir()).append('\n');
        y.append("zones:\n");
        for (Zone zone : Zone.values()) {
            SetupAnswers.Segment s = a.segments().get(zone);
            if (s == null) {
                continue;
            }
            y.append("  ")
                    .append(zone.word())
                    .append(":   # ")
                    .append(zone.japaneseName())
                    .append('\n');
            y.append("    address: ").append(s.address().getHostAddress()).append('\n');
            y.append("    interface: ").append(s.interfaceName()).append('\n');
            y.append("    sftp-port: 22\n    https-port: 443\n");
            y.append("    allow-from: [")
                    .append(s.allowFrom().stream().map(Cidr::toString).collect(Collectors.joining(", ")))
                    .append("]\n");
            if (zone == Zone.LGWAN) {
                y.append("    management-from: [")
                        .append(s.managementFrom().stream().map(Cidr::toString).collect(Collectors.joining(", ")))
                        .append("]\n");
            }
        }
        y.append("outbound:\n");
        y.append("  signature-mirror: [").append(list(a.signatureMirror())).append("]\n");
        y.append("  ntp: [").append(list(a.ntp())).append("]\n");
        y.append("  syslog: \"")
                .append(a.syslog().map(Endpoint::toString).orElse(""))
                .append("\"\n");
        y.append("  smtp-relay: \"")
                .append(a.smtpRelay().map(Endpoint::toString).orElse(""))
                .append("\"\n");
        java.util.Set<String> owned = new java.util.HashSet<>(OWNED);
        a.mail().ifPresent(m -> {
            owned.add("mail");
            y.append("mail:   # 通知メール / notices\n  from: \"")
                    .append(m.from())
                    .append("\"\n  starttls: ")
                    .append(m.startTls())
                    .append('\n');
        });
        String kept = kept(existing, owned);
        y.append(kept.isEmpty() ? "scanner:\n  clamd: unix:/run/clamav/clamd.ctl\n" : kept);
        return y.toString();
    }

    /** The top-level sections of {@code yaml} setup does not own, verbatim, without leading comments. */
    static String kept(String yaml, java.util.Set<String> owned) {
        StringBuilder out = new StringBuilder();
        boolean keep = false;
        for (String line : yaml.split("\n", -1)) {
            java.util.regex.Matcher top = TOP_LEVEL.matcher(line);
            if (top.lookingAt()) {
                keep = !owned.contains(top.group(1));
            } else if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                keep = false;
            }
            if (keep) {
                out.append(line).append('\n');
            }
        }
        return out.toString().replaceAll("\n+$", "\n");
    }

    private static final java.util.regex.Pattern TOP_LEVEL =
            java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9-]*):");

    private static String list(List<Endpoint> endpoints) {
        return endpoints.stream().map(Endpoint::toString).collect(Collectors.joining(", "));
    }

    /**
     * freshclam's whole configuration ({@code /etc/clamav/freshclam.conf} points here): the
     * signatures come through the configured proxy or mirror by address, since the firewall lets
     * no DNS out; without one, freshclam finds nothing and the files wait for signatures brought
     * in by hand (scanner.signatures-max-age).
     */
    static String freshclam(SetupAnswers a) {
        StringBuilder f = new StringBuilder();
        f.append("# Written by kakehashi setup: outbound.signature-mirror, reached through the internet segment.\n");
        f.append("DatabaseOwner clamav\nDatabaseDirectory /var/lib/clamav\n");
        f.append("UpdateLogFile /var/log/clamav/freshclam.log\nLogTime yes\nLogRotate yes\n");
        f.append("PidFile /run/clamav/freshclam.pid\nNotifyClamd /etc/clamav/clamd.conf\n");
        f.append("Checks 24\nConnectTimeout 30\nReceiveTimeout 600\nTestDatabases yes\nBytecode yes\n");
        List<Endpoint> m = a.signatureMirror();
        if (m.isEmpty()) {
            f.append("# No mirror or proxy configured: bring signatures in by hand (README).\n");
            f.append("DatabaseMirror database.clamav.net\n");
        } else if (a.signatureVia() == SetupAnswers.SignatureVia.PROXY) {
            f.append("DatabaseMirror database.clamav.net\n");
            f.append("HTTPProxyServer ")
                    .append(m.get(0).address().getHostAddress())
                    .append('\n');
            f.append("HTTPProxyPort ").append(m.get(0).port()).append('\n');
        } else {
            for (Endpoint e : m) {
                f.append("PrivateMirror http://").append(e).append('\n');
            }
        }
        return f.toString();
    }

    /**
     * rsyslog's forwarding to the SIEM ({@code /etc/rsyslog.d} points at this folder): every
     * message the journal hands over, in RFC 5424 over TCP, queued in memory while the SIEM is
     * away. Nothing is forwarded when no SIEM is configured.
     */
    static String siem(SetupAnswers a) {
        StringBuilder f =
                new StringBuilder("# Written by kakehashi setup: outbound.syslog, the SIEM on the LGWAN segment.\n");
        a.syslog()
                .ifPresentOrElse(
                        e -> f.append("*.* action(type=\"omfwd\" target=\"")
                                .append(e.address().getHostAddress())
                                .append("\" port=\"")
                                .append(e.port())
                                .append("\" protocol=\"tcp\" TCP_Framing=\"octet-counted\"")
                                .append(" template=\"RSYSLOG_SyslogProtocol23Format\"")
                                .append(" queue.type=\"LinkedList\" queue.size=\"100000\"")
                                .append(" action.resumeRetryCount=\"-1\" action.resumeInterval=\"30\")\n"),
                        () -> f.append("# No SIEM configured: the logs stay in the journal on this appliance.\n"));
        return f.toString();
    }

    private static String network(Zone zone, SetupAnswers.Segment s) {
        StringBuilder n = new StringBuilder();
        n.append("# Written by kakehashi setup: the ")
                .append(zone.word())
                .append(" segment (")
                .append(zone.japaneseName())
                .append(").\n");
        n.append("[Match]\nName=").append(s.interfaceName()).append("\n\n");
        // A static address and nothing learnt from the segment: no DHCP, no router advertisements,
        // no link-local addresses the firewall would have to know about.
        n.append("[Network]\nAddress=").append(s.addressWithPrefix()).append('\n');
        s.gateway()
                .ifPresent(g -> n.append("Gateway=").append(g.getHostAddress()).append('\n'));
        n.append("DHCP=no\nIPv6AcceptRA=no\nLinkLocalAddressing=no\n");
        for (SetupAnswers.Route r : s.routes()) {
            n.append("\n[Route]\nDestination=")
                    .append(r.to())
                    .append("\nGateway=")
                    .append(r.via().getHostAddress())
                    .append('\n');
        }
        return n.toString();
    }
}
