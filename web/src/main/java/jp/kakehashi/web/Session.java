package jp.kakehashi.web;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;

/**
 * One browser's session on one zone's portal. A session is never valid on another zone's listener.
 *
 * @param user who typed a right password; only {@link Step#SIGNED_IN} may use the portal
 * @param csrf the token every state-changing request must carry
 * @param pendingSecret the TOTP secret being enrolled (base32), shown until confirmed
 * @param createdAt when the password was accepted (the absolute timeout counts from here)
 */
record Session(
        String id,
        Zone zone,
        Step step,
        Optional<User> user,
        String csrf,
        Lang lang,
        Instant createdAt,
        Instant lastSeen,
        Optional<String> pendingSecret) {
    Session {
        requireNonNull(id, "id");
        requireNonNull(zone, "zone");
        requireNonNull(step, "step");
        requireNonNull(user, "user");
        requireNonNull(csrf, "csrf");
        requireNonNull(lang, "lang");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(lastSeen, "lastSeen");
        requireNonNull(pendingSecret, "pendingSecret");
        if (step != Step.ANONYMOUS && user.isEmpty()) {
            throw new IllegalArgumentException("a session past the password needs its user");
        }
    }

    /** How far sign-in has gone. */
    enum Step {
        ANONYMOUS,
        /** Password right; the TOTP code is next. */
        SECOND_FACTOR,
        /** Password right; the account must enrol an authenticator first. */
        ENROL,
        SIGNED_IN
    }

    Session withLang(Lang l) {
        return new Session(id, zone, step, user, csrf, l, createdAt, lastSeen, pendingSecret);
    }

    Session seen(Instant now) {
        return new Session(id, zone, step, user, csrf, lang, createdAt, now, pendingSecret);
    }

    Session withPendingSecret(String secret) {
        return new Session(id, zone, step, user, csrf, lang, createdAt, lastSeen, Optional.of(secret));
    }

    User signedIn() {
        return user.orElseThrow(() -> new IllegalStateException("session " + step + " has no user"));
    }
}
