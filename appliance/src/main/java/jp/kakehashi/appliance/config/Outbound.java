package jp.kakehashi.appliance.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.net.Endpoint;
import jp.kakehashi.policies.YamlSection;

/**
 * The connections the appliance itself opens, each admitted by the generated firewall on one
 * segment's interface only: the {@code outbound:} section of kakehashi.yaml. The My Number
 * segment has none: nothing leaves it.
 *
 * @param signatureMirrors internet segment: the freshclam mirror or the proxy it goes through
 * @param ntp internet segment: time servers
 * @param syslog LGWAN segment: the municipality's SIEM (TCP and UDP on its port)
 * @param smtpRelay LGWAN segment: the mail relay for notifications
 * @param directory LGWAN segment: the directory servers staff sign in through (LDAPS or StartTLS)
 */
public record Outbound(
        List<Endpoint> signatureMirrors,
        List<Endpoint> ntp,
        Optional<Endpoint> syslog,
        Optional<Endpoint> smtpRelay,
        List<Endpoint> directory) {
    public static final Outbound NONE =
            new Outbound(List.of(), List.of(), Optional.empty(), Optional.empty(), List.of());

    public Outbound {
        signatureMirrors = List.copyOf(signatureMirrors);
        ntp = List.copyOf(ntp);
        requireNonNull(syslog, "syslog");
        requireNonNull(smtpRelay, "smtpRelay");
        directory = List.copyOf(directory);
    }

    static Outbound read(YamlSection s) {
        Outbound o = new Outbound(
                endpoints(s, "signature-mirror", 443),
                endpoints(s, "ntp", 123),
                s.optionalString("syslog").filter(t -> !t.isBlank()).map(t -> endpoint(s, "syslog", t, 514)),
                s.optionalString("smtp-relay").filter(t -> !t.isBlank()).map(t -> endpoint(s, "smtp-relay", t, 25)),
                endpoints(s, "directory", 636));
        s.finish();
        return o;
    }

    private static List<Endpoint> endpoints(YamlSection s, String key, int defaultPort) {
        return s.strings(key).stream()
                .map(t -> endpoint(s, key, t, defaultPort))
                .toList();
    }

    private static Endpoint endpoint(YamlSection s, String key, String text, int defaultPort) {
        try {
            return Endpoint.parse(text, defaultPort);
        } catch (IllegalArgumentException e) {
            throw s.error(key, String.valueOf(e.getMessage()));
        }
    }
}
