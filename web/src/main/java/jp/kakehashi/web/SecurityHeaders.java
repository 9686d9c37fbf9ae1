package jp.kakehashi.web;

import org.eclipse.jetty.http.HttpFields;

/** The headers every answer carries, errors included (DESIGN §7; asserted on every route by the tests). */
final class SecurityHeaders {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {}

    static void apply(HttpFields.Mutable h) {
        h.put("Content-Security-Policy", CSP);
        h.put("X-Frame-Options", "DENY");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Strict-Transport-Security", "max-age=31536000");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        h.put("Cache-Control", "no-store");
    }
}
