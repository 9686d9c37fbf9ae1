package jp.kakehashi.web.port;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Personal API tokens: a signed-in person makes one for a script or another system, which then
 * acts as that person, with that person's rights, on that person's zone only. A token is shown
 * once; only its hash is kept.
 */
public interface ApiTokens {
    /** The user a token acts for, if it is valid, unexpired, unrevoked, its account enabled and of {@code zone}. */
    Optional<User> user(String token, Zone zone);

    /** The user's tokens, newest first (never the token text). */
    List<ApiTokenView> tokens(User user);

    /** Makes a token; the returned text is shown once. */
    Created create(User user, String label, Duration lifetime);

    /** Revokes one of the user's own tokens; false when they have no such token. */
    boolean revoke(User user, long id);

    /** A token just made: its text, shown once, and its entry. */
    record Created(String token, ApiTokenView view) {}
}
