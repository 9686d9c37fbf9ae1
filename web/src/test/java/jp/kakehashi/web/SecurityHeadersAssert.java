package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpTester;

/** The headers DESIGN §7 asks of every answer, and no internals in any body. */
final class SecurityHeadersAssert {
    private SecurityHeadersAssert() {}

    static void on(HttpTester.Response res, String what) {
        assertThat(res.get("Content-Security-Policy"))
                .as(what)
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(res.get("X-Frame-Options")).as(what).isEqualTo("DENY");
        assertThat(res.get("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(res.get("Server")).as(what).isNull();
        String body = res.getContent() == null ? "" : res.getContent();
        assertThat(body).as(what).doesNotContain("Exception", "at jp.", "at org.", "/var/", "/work/");
    }
}
