package jp.kakehashi.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;

/**
 * Sessions in memory, shared by the three portals. Ids and CSRF tokens are 256 random bits; an
 * id changes at every step of sign-in (no fixation); a session ends when idle for the idle
 * timeout or at the absolute timeout after it began, whichever comes first. A restart signs
 * everyone out, which is the safe direction.
 */
final class Sessions {
    /** Enough for every municipal user several times over; bounds what a flood of login-page requests can hold. */
    static final int MAX_SESSIONS = 50_000;

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final PortalConfig config;
    private final Clock clock;
    private final SecureRandom random;

    Sessions(PortalConfig config, Clock clock, SecureRandom random) {
        this.config = config;
        this.clock = clock;
        this.random = random;
    }

    /** A session for a browser that has none; not kept until {@link #keep} (so stray requests cost no memory). */
    Session anonymous(Zone zone, Lang lang) {
        Instant now = clock.instant();
        return new Session(
                token(), zone, Session.Step.ANONYMOUS, Optional.empty(), token(), lang, now, now, Optional.empty());
    }

    /**
     * A session for one API request made with a token: signed in as its user, never stored, so no
     * cookie can ever name it.
     */
    Session bearer(Zone zone, User user) {
        Instant now = clock.instant();
        return new Session(
                token(), zone, Session.Step.SIGNED_IN, Optional.of(user), token(), Lang.JA, now, now, Optional.empty());
    }

    /**
     * Keeps an anonymous session (the login page's, so its form can carry a CSRF token). Returns
     * false when the table is full even after forgetting timed-out sessions.
     */
    boolean keep(Session s) {
        if (byId.containsKey(s.id())) {
            return true;
        }
        if (byId.size() >= MAX_SESSIONS && sweep() == 0) {
            return false;
        }
        byId.put(s.id(), s);
        return true;
    }

    /**
     * Keeps the request's session (so a public form gets a CSRF token that will be recognised),
     * or answers 503 when the store is full; false when the request has been answered.
     */
    boolean keepFor(Exchange x) {
        Session s = x.session();
        if (kept(s)) {
            return true;
        }
        if (!keep(s)) {
            x.html(
                    503,
                    jp.kakehashi.web.pages.Pages.error(
                            x.view(), x.text().get("error.title"), x.text().get("error.internal")));
            return false;
        }
        x.useSession(s);
        return true;
    }

    boolean kept(Session s) {
        return byId.containsKey(s.id());
    }

    /** Replaces {@code old} by a session with a new id and CSRF token at {@code step}. */
    Session advance(Session old, Session.Step step, User user) {
        byId.remove(old.id());
        Instant now = clock.instant();
        Instant created = old.step() == Session.Step.ANONYMOUS ? now : old.createdAt();
        Session s = new Session(
                token(), old.zone(), step, Optional.of(user), token(), old.lang(), created, now, Optional.empty());
        byId.put(s.id(), s);
        return s;
    }

    /** The live session with this id on this zone, touched; empty if unknown, of another zone, or timed out. */
    Optional<Session> find(String id, Zone zone) {
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (s.zone() != zone) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        Session touched = s.seen(now);
        byId.replace(id, s, touched);
        return Optional.of(touched);
    }

    /** The TOTP secret {@code s} is enrolling, made by {@code fresh} on first use and kept until the session ends. */
    String pendingSecret(Session s, java.util.function.Supplier<String> fresh) {
        Optional<String> pending = s.pendingSecret();
        if (pending.isPresent()) {
            return pending.get();
        }
        String secret = fresh.get();
        update(s.withPendingSecret(secret));
        return secret;
    }

    void update(Session s) {
        byId.computeIfPresent(s.id(), (id, old) -> s);
    }

    void end(String id) {
        byId.remove(id);
    }

    /** Ends every session of one account (disabled, password reset). */
    int endAll(String name) {
        int[] n = {0};
        byId.values().removeIf(s -> {
            boolean match = s.user().map(u -> u.name().equals(name)).orElse(false);
            if (match) {
                n[0]++;
            }
            return match;
        });
        return n[0];
    }

    /** Forgets timed-out sessions; returns how many. */
    int sweep() {
        Instant now = clock.instant();
        int before = byId.size();
        byId.values().removeIf(s -> expired(s, now));
        return before - byId.size();
    }

    private boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastSeen().plus(config.idleTimeout()))
                || now.isAfter(s.createdAt().plus(config.absoluteTimeout()));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
