package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One of a person's recent sign-ins, for their own account page.
 *
 * @param channel {@code https} (a portal) or {@code sftp}
 * @param source the address it came from
 */
public record SignInView(Instant at, Zone zone, String channel, String source) {
    public SignInView {
        requireNonNull(at, "at");
        requireNonNull(zone, "zone");
        requireNonNull(channel, "channel");
        requireNonNull(source, "source");
    }
}
