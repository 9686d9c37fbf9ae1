package jp.kakehashi.web;

import static jp.kakehashi.web.TransferRoutes.refusal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Note;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Upload;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads that survive a dropped connection or a reload: the core, creation and termination
 * parts of the tus 1.0 protocol (tus.io), on the portal ({@code /uploads}, the send page's
 * script) and the API ({@code /api/v1/uploads}, any tus client). An upload is created with its
 * length, name and destination; its bytes arrive in one or more PATCH requests, each at the offset
 * the server reports; what arrived before a connection dropped stays, encrypted in the store, and
 * the next PATCH goes on from there. The last byte hands the file to the pipeline, once.
 *
 * <p>An upload is its creator's alone (anyone else gets 404), at most {@value #PENDING_PER_ACCOUNT}
 * are pending per account and {@value #PARALLEL_PER_ACCOUNT} written at once, and one idle for
 * {@link #KEPT_FOR} is discarded (audited by the core as {@code UPLOAD_EXPIRED}).
 *
 * <p>Long because it is the whole of tus 1.0 core, creation and termination, each request checked and
 * answered in both languages.
 */
final class ResumableUploads {
    private static final Logger log = LoggerFactory.getLogger(ResumableUploads.class);
    static final String TUS_VERSION = "1.0.0";
    static final int PENDING_PER_ACCOUNT = 10;
    static final int PARALLEL_PER_ACCOUNT = 4;
    static final Duration KEPT_FOR = Duration.ofHours(24);
    private static final int BUFFER = 256 * 1024;

    private final Ports ports;
    private final PortalConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** One upload between its creation and its last byte. */
    private static final class Pending {
        final String id;
        final String owner;
        final Zone zone;
        final String name;
        final String destination;
        final long length;
        final Upload upload;
        volatile Instant touched;
        boolean writing;

        Pending(
                String id,
                User user,
                Zone zone,
                String name,
                String destination,
                long length,
                Upload upload,
                Instant now) {
            this.id = id;
            this.owner = user.name();
            this.zone = zone;
            this.name = name;
            this.destination = destination;
            this.length = length;
            this.upload = upload;
            this.touched = now;
        }
    }

    ResumableUploads(Ports ports, PortalConfig config, Clock clock, SecureRandom random) {
        this.ports = ports;
        this.config = config;
        this.clock = clock;
        this.random = random;
    }

    List<Route> routes() {
        EnumSet<Zone> senders = EnumSet.of(Zone.INTERNET, Zone.LGWAN);
        EnumSet<Role> sending = EnumSet.of(Role.PARTNER, Role.STAFF);
        List<Route> routes = new ArrayList<>();
        for (String base : List.of("/uploads", ApiRoutes.BASE + "/uploads")) {
            Route.Access access = base.startsWith(ApiRoutes.BASE) ? Route.Access.TOKEN : Route.Access.SIGNED_IN;
            routes.add(new Route("GET", base, senders, access, sending, this::list));
            routes.add(new Route("POST", base, senders, access, sending, this::create));
            routes.add(new Route("HEAD", base + "/{id}", senders, access, sending, this::offset));
            routes.add(new Route("PATCH", base + "/{id}", senders, access, sending, this::append));
            routes.add(new Route("DELETE", base + "/{id}", senders, access, sending, this::terminate));
        }
        return routes;
    }

    /** The asker's pending uploads, so a page (or a client) can offer to go on with one. */
    private void list(Exchange x) {
        List<Map<String, Object>> mine = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.owner.equals(x.user().name()) && p.zone == x.zone()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", p.id);
                m.put("name", p.name);
                m.put("destination", p.destination);
                m.put("length", p.length);
                m.put("offset", p.upload.written());
                m.put("location", location(x, p.id));
                mine.add(m);
            }
        }
        x.json(200, Map.of("uploads", mine));
    }

    /** tus creation: {@code Upload-Length} and {@code Upload-Metadata} (filename, destination) make a new upload. */
    private void create(Exchange x) throws IOException {
        x.response().getHeaders().put("Tus-Resumable", TUS_VERSION);
        Optional<Long> length = number(x.header("Upload-Length"));
        Map<String, String> metadata = metadata(x.header("Upload-Metadata"));
        String name = metadata.getOrDefault("filename", "");
        String destination = metadata.getOrDefault("destination", "");
        if (length.isEmpty()) {
            x.json(
                    400,
                    refusal(
                            "LENGTH_MISSING",
                            "Upload-Length にファイルの大きさ（バイト数）を指定してください。",
                            "Send the file's size in bytes in Upload-Length."));
            return;
        }
        if (length.get() > config.maxUploadBytes()) {
            TransferRoutes.tooLarge(x, config);
            return;
        }
        if (name.isEmpty()) {
            x.json(
                    400,
                    refusal(
                            "NAME_MISSING",
                            "ファイル名がありません（Upload-Metadata の filename に Base64 で指定してください）。",
                            "The file name is missing (send it Base64-encoded as filename in Upload-Metadata)."));
            return;
        }
        User user = x.user();
        long mine = pending.values().stream()
                .filter(p -> p.owner.equals(user.name()))
                .count();
        if (mine >= PENDING_PER_ACCOUNT) {
            x.json(
                    429,
                    refusal(
                            "TOO_MANY_PARTIAL_UPLOADS",
                            "途中のアップロードが多すぎます（上限 " + PENDING_PER_ACCOUNT + " 件）。続きを送るか、取り消してください。",
                            "Too many unfinished uploads (at most " + PENDING_PER_ACCOUNT
                                    + "); finish or cancel one first."));
            return;
        }
        Note note = new Note(metadata.getOrDefault("subject", ""), metadata.getOrDefault("message", ""));
        switch (ports.transfers().startUpload(user, destination, name, note)) {
            case Upload.Start.Refused r -> x.json(TransferRoutes.status(r.code()), refusal(r.code(), r.ja(), r.en()));
            case Upload.Start.Ready ready -> {
                String id = HexFormat.of().formatHex(bytes(16));
                pending.put(
                        id, new Pending(id, user, x.zone(), name, destination, length.get(), ready.upload(), now()));
                x.response().getHeaders().put("Location", location(x, id));
                x.response().getHeaders().put("Upload-Offset", "0");
                if (length.get() == 0) {
                    finish(x, pending.remove(id), 201);
                    return;
                }
                x.json(201, Map.of("id", id, "location", location(x, id), "offset", 0));
            }
        }
    }

    /** tus HEAD: where the upload stands, so a client goes on from there. */
    private void offset(Exchange x) {
        x.response().getHeaders().put("Tus-Resumable", TUS_VERSION);
        x.response().getHeaders().put("Cache-Control", "no-store");
        Optional<Pending> p = mine(x);
        if (p.isEmpty()) {
            x.bytes(404, "text/plain; charset=utf-8", new byte[0]);
            return;
        }
        x.response()
                .getHeaders()
                .put("Upload-Offset", String.valueOf(p.get().upload.written()));
        x.response().getHeaders().put("Upload-Length", String.valueOf(p.get().length));
        x.bytes(200, "text/plain; charset=utf-8", new byte[0]);
    }

    /**
     * tus PATCH: bytes at the current offset. A connection that drops keeps what arrived; the
     * last byte stores the file and hands it on (the answer names the new item).
     */
    private void append(Exchange x) throws IOException {
        x.response().getHeaders().put("Tus-Resumable", TUS_VERSION);
        // Until the body has been read, any answer is a refusal given before it: the connection
        // closes after it, so a client never sends its next request after our unread bytes.
        x.response().getHeaders().put("Connection", "close");
        Optional<Pending> found = mine(x);
        if (found.isEmpty()) {
            noSuchUpload(x);
            return;
        }
        Pending p = found.get();
        if (!x.header("Content-Type").startsWith("application/offset+octet-stream")) {
            x.json(
                    415,
                    refusal(
                            "WRONG_CONTENT_TYPE",
                            "Content-Type は application/offset+octet-stream にしてください。",
                            "Send the bytes as application/offset+octet-stream."));
            return;
        }
        Optional<Long> offset = number(x.header("Upload-Offset"));
        if (!start(p, x.user())) {
            x.json(
                    409,
                    refusal(
                            "UPLOAD_IN_PROGRESS",
                            "このアップロードは別の接続で送信中か、同時に送れる数（" + PARALLEL_PER_ACCOUNT + "）を超えています。少し待ってから続けてください。",
                            "This upload is being written by another connection, or you are sending "
                                    + PARALLEL_PER_ACCOUNT + " at once already; go on in a moment."));
            return;
        }
        try {
            long at = p.upload.written();
            if (offset.isEmpty() || offset.get() != at) {
                x.response().getHeaders().put("Upload-Offset", String.valueOf(at));
                stop(p); // before the answer: a client may send its next PATCH as soon as it reads it
                x.json(
                        409,
                        refusal(
                                "OFFSET_MISMATCH",
                                "送信位置が違います。続きは " + at + " バイト目からです。",
                                "Wrong offset: the upload goes on at byte " + at + "."));
                return;
            }
            InputStream in = Request.asInputStream(x.request());
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, p.length - p.upload.written() + 1));
                } catch (IOException dropped) {
                    // The connection dropped: what arrived stays for the next PATCH to go on from.
                    log.debug("upload {} interrupted at {} bytes", p.id, p.upload.written());
                    pause(p);
                    x.callback().failed(dropped);
                    return;
                }
                if (n <= 0) {
                    break;
                }
                if (p.upload.written() + n > p.length) {
                    discard(p);
                    x.json(
                            413,
                            refusal(
                                    "LONGER_THAN_DECLARED",
                                    "宣言した大きさ（Upload-Length）を超えるデータが送られました。最初から送り直してください。",
                                    "More bytes than Upload-Length declared; start over."));
                    return;
                }
                try {
                    p.upload.write(buffer, 0, n);
                } catch (Upload.Stopped stopped) {
                    discard(p);
                    x.json(TransferRoutes.status(stopped.code()), refusal(stopped.code(), stopped.ja(), stopped.en()));
                    return;
                } catch (IOException | RuntimeException e) {
                    discard(p);
                    throw e;
                }
                p.touched = now();
            }
            x.response().getHeaders().remove("Connection");
            x.response().getHeaders().put("Upload-Offset", String.valueOf(p.upload.written()));
            if (p.upload.written() == p.length) {
                pending.remove(p.id, p);
                finish(x, p, 204);
                return;
            }
            pause(p);
            stop(p); // before the answer: a client may send its next PATCH as soon as it reads it
            x.bytes(204, "text/plain; charset=utf-8", new byte[0]);
        } finally {
            stop(p);
        }
    }

    /** tus termination: the creator cancels; the bytes are dropped. */
    private void terminate(Exchange x) {
        x.response().getHeaders().put("Tus-Resumable", TUS_VERSION);
        Optional<Pending> p = mine(x);
        if (p.isEmpty() || !start(p.get(), x.user())) {
            noSuchUpload(x);
            return;
        }
        discard(p.get());
        x.bytes(204, "text/plain; charset=utf-8", new byte[0]);
    }

    /** 404 for an upload that is not there, finished, expired, or someone else's: the same answer for each. */
    private static void noSuchUpload(Exchange x) {
        x.json(
                404,
                refusal("NO_SUCH_UPLOAD", "このアップロードはありません（期限切れか、完了済みです）。", "No such upload (expired or finished)."));
    }

    /** Discards uploads nobody has written to for {@link #KEPT_FOR}; the core audits each. */
    int sweep() {
        Instant cutoff = now().minus(KEPT_FOR);
        int n = 0;
        for (Pending p : List.copyOf(pending.values())) {
            boolean idle;
            synchronized (this) {
                idle = !p.writing && p.touched.isBefore(cutoff);
            }
            if (idle && pending.remove(p.id, p)) {
                p.upload.expire();
                n++;
            }
        }
        return n;
    }

    /** The last byte arrived: the file is stored and handed on; the answer names the item. */
    private void finish(Exchange x, Pending p, int status) throws IOException {
        ItemView item;
        try {
            item = p.upload.commit();
        } catch (IOException | RuntimeException e) {
            p.upload.abort();
            throw e;
        }
        x.response().getHeaders().put("Kakehashi-Item", item.id());
        if (status == 204) {
            x.bytes(204, "text/plain; charset=utf-8", new byte[0]);
        } else {
            x.json(status, TransferRoutes.summary(item));
        }
    }

    /** Puts a paused upload's bytes on disk; if that fails, the upload cannot go on and is dropped. */
    private void pause(Pending p) {
        try {
            p.upload.pause();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot put the paused upload {} on disk; it is dropped", p.id, e);
            discard(p);
        }
    }

    private void discard(Pending p) {
        pending.remove(p.id, p);
        p.upload.abort();
    }

    /** Marks {@code p} as being written, unless it already is or its owner writes as many as allowed. */
    private synchronized boolean start(Pending p, User user) {
        long writing = pending.values().stream()
                .filter(o -> o.owner.equals(user.name()) && o.writing)
                .count();
        if (p.writing || writing >= PARALLEL_PER_ACCOUNT || pending.get(p.id) != p) {
            return false;
        }
        p.writing = true;
        return true;
    }

    private synchronized void stop(Pending p) {
        p.writing = false;
        p.touched = now();
    }

    /** The upload named in the path if the asker created it on this zone; anyone else's does not exist for them. */
    private Optional<Pending> mine(Exchange x) {
        Pending p = pending.get(x.param("id"));
        return p != null && p.owner.equals(x.user().name()) && p.zone == x.zone() ? Optional.of(p) : Optional.empty();
    }

    private static String location(Exchange x, String id) {
        String path = Request.getPathInContext(x.request());
        String base = path.startsWith(ApiRoutes.BASE) ? ApiRoutes.BASE + "/uploads" : "/uploads";
        return base + "/" + id;
    }

    /** tus metadata: comma-separated {@code key base64value} pairs; what does not decode is left out. */
    static Map<String, String> metadata(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header.length() > 8 * 1024) {
            return out;
        }
        for (String pair : header.split(",")) {
            String[] kv = pair.strip().split(" ");
            if (kv.length == 2) {
                try {
                    out.put(kv[0], new String(Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // Not Base64: the key counts as missing, and the request is refused for it.
                }
            }
        }
        return out;
    }

    private static Optional<Long> number(String header) {
        return header.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(header)) : Optional.empty();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Instant now() {
        return Instant.now(clock);
    }
}
