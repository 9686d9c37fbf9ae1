package jp.kakehashi.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Note;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Search;
import jp.kakehashi.web.port.Unlocking;
import jp.kakehashi.web.port.Upload;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.server.Request;

/**
 * Sending, following and receiving files. Uploads are the raw request body (one file per
 * request, as {@code curl -T} sends it), streamed into the encrypted store with the size limit
 * counted as bytes arrive; downloads are always attachments.
 */
final class TransferRoutes {
    private final Ports ports;
    private final PortalConfig config;

    TransferRoutes(Ports ports, PortalConfig config) {
        this.ports = ports;
        this.config = config;
    }

    List<Route> routes() {
        EnumSet<Zone> senders = EnumSet.of(Zone.INTERNET, Zone.LGWAN);
        EnumSet<Role> sending = EnumSet.of(Role.PARTNER, Role.STAFF);
        EnumSet<Role> receiving = EnumSet.of(Role.PARTNER, Role.STAFF, Role.MYNUMBER);
        EnumSet<Zone> all = EnumSet.allOf(Zone.class);
        return List.of(
                new Route("GET", "/send", senders, Route.Access.SIGNED_IN, sending, this::sendPage),
                new Route("POST", "/upload", senders, Route.Access.SIGNED_IN, sending, this::upload),
                new Route("GET", "/sent", senders, Route.Access.SIGNED_IN, sending, this::sent),
                new Route(
                        "GET",
                        "/received",
                        EnumSet.of(Zone.INTERNET, Zone.MYNUMBER),
                        Route.Access.SIGNED_IN,
                        EnumSet.of(Role.PARTNER, Role.MYNUMBER),
                        this::received),
                new Route(
                        "GET",
                        "/inbox",
                        EnumSet.of(Zone.LGWAN),
                        Route.Access.SIGNED_IN,
                        EnumSet.of(Role.STAFF),
                        this::inbox),
                new Route("GET", "/search", all, Route.Access.SIGNED_IN, receiving, this::search),
                new Route("GET", "/items/{id}", all, Route.Access.SIGNED_IN, receiving, this::item),
                new Route("GET", "/items/{id}/status", all, Route.Access.SIGNED_IN, receiving, this::status),
                new Route("POST", "/items/{id}/unlock", all, Route.Access.SIGNED_IN, receiving, this::unlock),
                new Route("GET", "/download/{id}", all, Route.Access.SIGNED_IN, receiving, this::download),
                new Route(
                        "GET",
                        "/home",
                        EnumSet.of(Zone.LGWAN),
                        Route.Access.SIGNED_IN,
                        EnumSet.of(Role.OFFICER, Role.ADMIN),
                        this::home));
    }

    private void sendPage(Exchange x) {
        x.html(200, Pages.send(x.view(), ports.transfers().destinations(x.user()), config.maxUploadBytes()));
    }

    private void sent(Exchange x) {
        x.html(
                200,
                Pages.items(
                        x.view(), x.text().get("sent.title"), ports.transfers().sent(x.user()), false));
    }

    private void received(Exchange x) {
        x.html(
                200,
                Pages.items(
                        x.view(),
                        x.text().get("received.title"),
                        ports.transfers().received(x.user()),
                        true));
    }

    private void inbox(Exchange x) {
        x.html(
                200,
                Pages.items(
                        x.view(), x.text().get("inbox.title"), ports.transfers().received(x.user()), true));
    }

    private void home(Exchange x) {
        x.html(200, Pages.home(x.view()));
    }

    private void search(Exchange x) {
        String q = x.query("q").strip();
        if (q.isEmpty()) {
            x.html(200, Pages.search(x.view(), q, List.of(), List.of(), "", false));
            return;
        }
        switch (ports.search().search(x.user(), q)) {
            case Search.Result.Refused r ->
                x.html(
                        400,
                        Pages.search(x.view(), q, List.of(), List.of(), x.view().english() ? r.en() : r.ja(), false));
            case Search.Result.Hits h -> x.html(200, Pages.search(x.view(), q, h.items(), h.files(), "", true));
        }
    }

    private void item(Exchange x) {
        Optional<ItemView> item = ports.transfers().item(x.user(), x.param("id"));
        if (item.isEmpty()) {
            notFound(x);
            return;
        }
        x.html(200, itemPage(x, item.get(), ""));
    }

    private String itemPage(Exchange x, ItemView item, String error) {
        boolean downloadable = ports.transfers().download(x.user(), item.id()).isPresent();
        return Pages.item(
                x.view(),
                item,
                downloadable,
                OriginalRoutes.offered(x.user(), item),
                ports.unlocking().mayUnlock(x.user(), item.id()),
                error);
    }

    /** PPAP: the password typed for a held encrypted file; it is wiped here whatever happens. */
    private void unlock(Exchange x) {
        String id = x.param("id");
        Optional<ItemView> item = ports.transfers().item(x.user(), id);
        if (item.isEmpty()) {
            notFound(x);
            return;
        }
        char[] password = x.field("password").toCharArray();
        try {
            switch (ports.unlocking().unlock(x.user(), id, password)) {
                case Unlocking.Result.Refused r ->
                    x.html(409, itemPage(x, item.get(), x.view().english() ? r.en() : r.ja()));
                case Unlocking.Result.Opened o -> x.redirect("/items/" + o.itemId());
            }
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** What the send page polls while a file is checked: its stage and place in the queue. */
    void status(Exchange x) {
        Optional<ItemView> item = ports.transfers().item(x.user(), x.param("id"));
        if (item.isEmpty()) {
            x.json(404, refusal("NOT_FOUND", "ファイルが見つかりません。", "There is no such file."));
            return;
        }
        x.json(200, summary(item.get()));
    }

    private void download(Exchange x) throws IOException {
        User user = x.user();
        Optional<Download> found = ports.transfers().download(user, x.param("id"));
        if (found.isEmpty()) {
            notFound(x);
            return;
        }
        x.attachment(found.get());
    }

    void upload(Exchange x) throws IOException {
        User user = x.user();
        Optional<String> name = decodeName(x.header("X-File-Name"));
        if (name.isEmpty()) {
            x.json(
                    400,
                    refusal(
                            "NAME_MISSING",
                            "ファイル名がありません（X-File-Name に UTF-8 をパーセントエンコードして指定してください）。",
                            "The file name is missing (send it percent-encoded UTF-8 in X-File-Name)."));
            return;
        }
        long declared = x.request().getLength();
        if (declared > config.maxUploadBytes()) {
            tooLarge(x);
            return;
        }
        Note note = new Note(
                decode(x.header("X-Subject"), 3 * 1024).orElse(""),
                decode(x.header("X-Message"), 12 * 1024).orElse(""));
        switch (ports.transfers().startUpload(user, x.header("X-Destination"), name.get(), note)) {
            case Upload.Start.Refused r -> x.json(status(r.code()), refusal(r.code(), r.ja(), r.en()));
            case Upload.Start.Ready ready -> receive(x, ready.upload());
        }
    }

    /** 507 Insufficient Storage when the appliance's disk is down to its reserve; 400 for the sender's mistakes. */
    static int status(String code) {
        return code.equals("DISK_FULL") ? 507 : 400;
    }

    private void receive(Exchange x, Upload upload) throws IOException {
        try (InputStream in = Request.asInputStream(x.request())) {
            if (!OverlappedCopy.copy(in, upload::write, config.maxUploadBytes())) {
                upload.abort();
                tooLarge(x);
                return;
            }
        } catch (Upload.Stopped stopped) {
            upload.abort();
            x.json(status(stopped.code()), refusal(stopped.code(), stopped.ja(), stopped.en()));
            return;
        } catch (IOException | RuntimeException e) {
            upload.abort();
            throw e;
        }
        ItemView item = upload.commit();
        x.json(201, summary(item));
    }

    private void tooLarge(Exchange x) {
        tooLarge(x, config);
    }

    static void tooLarge(Exchange x, PortalConfig config) {
        x.json(
                413,
                refusal(
                        "TOO_LARGE",
                        "ファイルが大きすぎます（上限 " + jp.kakehashi.web.pages.Format.size(config.maxUploadBytes()) + "）。",
                        "The file is too large (the limit is "
                                + jp.kakehashi.web.pages.Format.size(config.maxUploadBytes()) + ")."));
    }

    private void notFound(Exchange x) {
        x.html(404, Pages.error(x.view(), x.text().get("error.title"), x.text().get("error.nofile")));
    }

    static Map<String, Object> summary(ItemView i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("stage", i.stage().name());
        m.put("ja", i.stage().japanese());
        m.put("en", i.stage().english());
        i.reason().ifPresent(r -> m.put("reason", Map.of("code", r.code(), "ja", r.ja(), "en", r.en())));
        i.queuePosition().ifPresent(p -> m.put("queuePosition", p));
        i.held()
                .ifPresent(h -> m.put(
                        "held",
                        Map.of("ja", h.ja(), "en", h.en(), "next", h.next().toString())));
        m.put("url", "/items/" + i.id());
        return m;
    }

    static Map<String, String> refusal(String code, String ja, String en) {
        return Map.of("code", code, "ja", ja, "en", en);
    }

    /** Strict percent-decoding of UTF-8: a malformed escape or invalid UTF-8 is no name at all. */
    static Optional<String> decodeName(String header) {
        return decode(header, 3 * 1024);
    }

    /** A percent-encoded UTF-8 header of at most {@code max} characters (a note's message is longer than a name). */
    static Optional<String> decode(String header, int max) {
        if (header.isEmpty() || header.length() > max) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '%') {
                if (i + 2 >= header.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(header.charAt(i + 1), 16);
                int lo = Character.digit(header.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
