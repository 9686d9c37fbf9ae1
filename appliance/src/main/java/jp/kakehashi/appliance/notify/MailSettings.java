package jp.kakehashi.appliance.notify;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.net.Endpoint;
import jp.kakehashi.policies.YamlSection;

/**
 * How notices reach the mail relay.
 *
 * @param relay the LGWAN mail relay ({@code outbound.smtp-relay}), the one the firewall admits
 * @param from the sender address notices carry
 * @param startTls whether the relay must upgrade to TLS before anything is sent (the default);
 *     off only for a relay on the appliance's own segment that cannot
 */
public record MailSettings(Endpoint relay, String from, boolean startTls) {
    public MailSettings {
        requireNonNull(relay, "relay");
        Contact.checkEmail(requireNonNull(from, "from"));
    }

    /**
     * The {@code mail:} section of kakehashi.yaml: {@code from} and {@code starttls} (default
     * true). Notices are sent when both a relay and a sender address are given; a relay alone
     * (as {@code kakehashi setup} may write it, for the firewall) sends nothing, and a sender
     * without a relay is refused.
     */
    public static Optional<MailSettings> read(YamlSection s, Optional<Endpoint> relay) {
        Optional<String> from = s.optionalString("from").filter(t -> !t.isBlank());
        boolean startTls = s.bool("starttls", true);
        if (from.isPresent() && relay.isEmpty()) {
            throw s.error("from", "needs outbound.smtp-relay, the mail relay (通知メールには中継サーバの指定が必要です)");
        }
        s.finish();
        try {
            return from.map(f -> new MailSettings(relay.orElseThrow(), f, startTls));
        } catch (IllegalArgumentException e) {
            throw s.error("from", String.valueOf(e.getMessage()));
        }
    }
}
