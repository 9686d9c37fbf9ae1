package jp.kakehashi.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.web.pages.Text;
import jp.kakehashi.web.pages.View;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.ByteRange;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * One request on its way through a route: the checked session, the path parameters and the ways
 * to answer. Every answer completes the callback exactly once.
 */
final class Exchange {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FORM_FIELDS = 20;
    private static final int DOWNLOAD_BUFFER = 256 * 1024;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Zone zone;
    private final Sessions sessions;
    private Session session;
    private final Map<String, String> params;
    private final int formBytes;
    private Optional<Fields> form = Optional.empty();
    private Optional<com.fasterxml.jackson.databind.JsonNode> json = Optional.empty();
    /** The code of the refusal this exchange answered with, if it answered with one. */
    private String refusal = "";

    Exchange(
            Request request,
            Response response,
            Callback callback,
            Zone zone,
            Sessions sessions,
            Session session,
            Map<String, String> params,
            int formBytes) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.zone = zone;
        this.sessions = sessions;
        this.session = session;
        this.params = Map.copyOf(params);
        this.formBytes = formBytes;
    }

    /**
     * Marks the answer about to be sent as a refusal with that code (a form's, whose page shows the
     * reason): the handler audits it like every other refusal.
     */
    Exchange refusing(String code) {
        refusal = code;
        return this;
    }

    /** The code of the JSON refusal sent (TOO_LARGE, OFFSET_MISMATCH, ...), or empty text. */
    String refusal() {
        return refusal;
    }

    Request request() {
        return request;
    }

    Response response() {
        return response;
    }

    Callback callback() {
        return callback;
    }

    Zone zone() {
        return zone;
    }

    Session session() {
        return session;
    }

    User user() {
        return session.signedIn();
    }

    Text text() {
        return Text.of(session.lang().tag());
    }

    String source() {
        return Request.getRemoteAddr(request);
    }

    String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    /** A field of the url-encoded form body (at most 20 fields and the route's size), or empty text. */
    String field(String name) {
        if (form.isEmpty()) {
            try {
                form = Optional.of(FormFields.getFields(request, MAX_FORM_FIELDS, formBytes));
            } catch (RuntimeException e) {
                throw new BadBody(e instanceof HttpException h && h.getCode() == 413 ? 413 : 400, e);
            }
        }
        String v = form.get().getValue(name);
        return v == null ? "" : v;
    }

    /** A path parameter that must be a record number; anything else names no record. */
    Optional<Long> number(String name) {
        String raw = param(name);
        return raw.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(raw)) : Optional.empty();
    }

    /**
     * A form or JSON body too large for its route (413) or not readable as one (400): the
     * sender's mistake, answered as such and never logged as an incident.
     */
    static final class BadBody extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        BadBody(int status, @Nullable Throwable cause) {
            super("request body refused with " + status, cause);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** A query parameter (the first, if repeated), or empty text; a query that is not UTF-8 is the sender's 400. */
    String query(String name) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new BadBody(400, e);
        }
        String v = fields.getValue(name);
        return v == null ? "" : v;
    }

    /**
     * A field of the request body: a JSON object's string member when the body is
     * {@code application/json}, else the url-encoded form field; empty text when absent. Either
     * way at most the route's size is read.
     */
    String input(String name) {
        String type = header("Content-Type");
        if (!type.regionMatches(true, 0, "application/json", 0, 16)) {
            return field(name);
        }
        if (json.isEmpty()) {
            json = Optional.of(readJson());
        }
        com.fasterxml.jackson.databind.JsonNode v = json.get().get(name);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    private com.fasterxml.jackson.databind.JsonNode readJson() {
        try (java.io.InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes(formBytes + 1);
            if (body.length > formBytes) {
                throw new BadBody(413, null);
            }
            if (body.length == 0) {
                return JSON.createObjectNode();
            }
            com.fasterxml.jackson.databind.JsonNode node;
            try {
                node = JSON.readTree(body);
            } catch (IOException malformed) {
                throw new BadBody(400, malformed);
            }
            if (node == null || !node.isObject()) {
                throw new BadBody(400, null);
            }
            return node;
        } catch (IOException e) {
            throw new BadBody(400, e);
        }
    }

    String header(String name) {
        String v = request.getHeaders().get(name);
        return v == null ? "" : v;
    }

    View view() {
        return new View(
                text(),
                zone,
                session.user().filter(u -> session.step() == Session.Step.SIGNED_IN),
                session.csrf(),
                Request.getPathInContext(request),
                session.step() == Session.Step.SIGNED_IN ? Navigation.of(user().role()) : List.of());
    }

    /** Makes {@code next} this browser's session (a new id after every sign-in step). */
    void useSession(Session next) {
        session = next;
        response.getHeaders().add(HttpHeader.SET_COOKIE, Cookies.session(zone, next.id()));
    }

    void endSession() {
        sessions.end(session.id());
        response.getHeaders().add(HttpHeader.SET_COOKIE, Cookies.expired(zone));
    }

    void html(int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }

    void json(int status, Object value) {
        if (status >= 400 && value instanceof Map<?, ?> m && m.get("code") instanceof String code) {
            refusal = code;
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    }

    void bytes(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    }

    /**
     * Streams a file as an attachment: always {@code application/octet-stream}, never shown inline.
     * A GET with one byte range ({@code curl -r}, {@code curl -C -}, a browser resuming) gets just
     * those bytes (206), unless {@code If-Range} names another version of the file; a range past
     * the end gets 416; several ranges get the whole file, as a server may answer.
     */
    void attachment(Download d) throws IOException {
        var h = response.getHeaders();
        String etag = Downloads.etag(d);
        h.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        h.put("Content-Disposition", ContentDisposition.attachment(d.name()));
        h.put(HttpHeader.ACCEPT_RANGES, "bytes");
        h.put(HttpHeader.ETAG, etag);
        long first = 0;
        long length = d.size();
        boolean partial = false;
        List<String> range =
                request.getMethod().equals("GET") ? request.getHeaders().getValuesList(HttpHeader.RANGE) : List.of();
        if (!range.isEmpty() && Downloads.sameVersion(request.getHeaders().get(HttpHeader.IF_RANGE), etag)) {
            List<ByteRange> ranges = ByteRange.parse(range, d.size());
            if (ranges.isEmpty()) {
                response.setStatus(416);
                h.put(HttpHeader.CONTENT_RANGE, ByteRange.toNonSatisfiableHeaderValue(d.size()));
                h.put(HttpHeader.CONTENT_LENGTH, 0L);
                response.write(true, null, callback);
                return;
            }
            if (ranges.size() == 1) {
                ByteRange r = ranges.get(0);
                first = r.first();
                length = r.getLength();
                partial = true;
                h.put(HttpHeader.CONTENT_RANGE, r.toHeaderValue(d.size()));
            }
        }
        h.put(HttpHeader.CONTENT_LENGTH, length);
        response.setStatus(partial ? 206 : 200);
        try (InputStream in = Downloads.limited(d.opener().open(first), length);
                OutputStream out = Content.Sink.asOutputStream(response)) {
            // Large writes: each is one blocking hand-over to Jetty, and transferTo's 16 KB
            // made the handovers, not TLS, the cost of a large download. One buffer is read
            // ahead, and the source is closed before the last one is sent: what closing it
            // records (the download, for the sender to see) is in place before the client has
            // the whole file and can ask about it.
            byte[] current = new byte[DOWNLOAD_BUFFER];
            byte[] next = new byte[DOWNLOAD_BUFFER];
            int n = in.readNBytes(current, 0, current.length);
            while (n > 0) {
                int m = in.readNBytes(next, 0, next.length);
                if (m == 0) {
                    in.close();
                }
                out.write(current, 0, n);
                byte[] written = current;
                current = next;
                next = written;
                n = m;
            }
        }
        callback.succeeded();
    }

    /** 303 See Other: after a form, the browser fetches {@code location} with GET. */
    void redirect(String location) {
        response.setStatus(303);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.write(true, null, callback);
    }

    /** Plain text for a place where no page can be drawn. */
    void text(int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
