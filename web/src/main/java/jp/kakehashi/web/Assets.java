package jp.kakehashi.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jp.kakehashi.web.port.Zone;

/**
 * The portal's own stylesheet and script, read from the jar once. No CDN, no inline script: the
 * CSP allows scripts and styles from this origin only.
 */
final class Assets {
    private static final List<String[]> FILES = List.of(
            new String[] {"app.css", "text/css; charset=utf-8"},
            new String[] {"app.js", "text/javascript; charset=utf-8"});

    private Assets() {}

    static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (String[] f : FILES) {
            byte[] body = read(f[0]);
            String type = f[1];
            routes.add(
                    new Route("GET", "/assets/" + f[0], EnumSet.allOf(Zone.class), Route.Access.PUBLIC, Set.of(), x -> {
                        x.response().getHeaders().put("Cache-Control", "private, max-age=3600");
                        x.bytes(200, type, body);
                    }));
        }
        return routes;
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read asset " + name, e);
        }
    }
}
