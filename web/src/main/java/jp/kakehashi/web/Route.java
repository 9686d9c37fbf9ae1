package jp.kakehashi.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;

/**
 * One thing a portal answers: a method and a path pattern ({@code /items/{id}}), the zones it
 * exists on, how far sign-in must have gone, and the roles that may use it. The handler checks
 * all of this before an action runs; the authorization matrix test walks this table.
 */
record Route(
        String method, String pattern, Set<Zone> zones, Access access, Set<Role> roles, Action action, int formBytes) {
    /** The most a form or JSON body may carry: enough for any ordinary form, too little to tie up memory. */
    static final int FORM_BYTES = 16 * 1024;

    Route(String method, String pattern, Set<Zone> zones, Access access, Set<Role> roles, Action action) {
        this(method, pattern, zones, access, roles, action, FORM_BYTES);
    }

    Route {
        requireNonNull(method, "method");
        requireNonNull(pattern, "pattern");
        zones = Set.copyOf(zones);
        requireNonNull(access, "access");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        requireNonNull(action, "action");
        if ((access == Access.SIGNED_IN || access == Access.TOKEN) && roles.isEmpty()) {
            throw new IllegalArgumentException(pattern + ": a signed-in route names the roles that may use it");
        }
        if (formBytes < 1) {
            throw new IllegalArgumentException(pattern + ": formBytes must be positive");
        }
    }

    /** How far sign-in must have gone. */
    enum Access {
        /** The login page and the static assets. */
        PUBLIC,
        /** A right password, waiting for the second factor or its enrolment. */
        SIGNING_IN,
        SIGNED_IN,
        /**
         * The JSON API: a personal token in {@code Authorization: Bearer}, never a cookie, so there
         * is nothing for a cross-site request to ride on and no CSRF token to check.
         */
        TOKEN
    }

    /** What a route does; it runs only once every check has passed. */
    interface Action {
        void handle(Exchange x) throws Exception;
    }

    boolean changesState() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    /** The path parameters if {@code path} matches this route's pattern. */
    Optional<Map<String, String>> match(String path) {
        List<String> want = segments(pattern);
        List<String> got = segments(path);
        if (want.size() != got.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new TreeMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.startsWith("{") && w.endsWith("}")) {
                params.put(w.substring(1, w.length() - 1), got.get(i));
            } else if (!w.equals(got.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                out.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return out;
    }
}
