package jp.kakehashi.web;

import jp.kakehashi.web.port.Zone;

/**
 * The session cookie: {@code __Host-} prefixed (so the browser insists on Secure, Path=/ and no
 * Domain), HttpOnly, SameSite=Strict, one name per zone because browsers share cookies between
 * ports of one host.
 */
final class Cookies {
    private Cookies() {}

    static String name(Zone zone) {
        return "__Host-kakehashi-" + zone.word();
    }

    static String session(Zone zone, String id) {
        return name(zone) + "=" + id + "; Path=/; Secure; HttpOnly; SameSite=Strict";
    }

    static String expired(Zone zone) {
        return name(zone) + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
    }
}
