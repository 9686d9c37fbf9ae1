package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tus endpoints' rules: whose an upload is, offsets, declared lengths, limits and cancelling. */
class ResumableUploadsTest {
    private LocalPortals portals;
    private String token;

    @BeforeEach
    void start() throws Exception {
        portals = new LocalPortals();
        portals.ports.add("acme-sato", Role.PARTNER, "acme");
        portals.ports.add("acme-kato", Role.PARTNER, "acme");
        token = portals.ports.tokenFor("acme-sato");
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    @Test
    void partsAtTheRightOffsetsMakeOneFileAndTheLastNamesIt() throws Exception {
        String location = create(token, "見積書.pdf", 10).get("Location");
        HttpTester.Response first = patch(token, location, 0, "01234");
        assertThat(first.getStatus()).isEqualTo(204);
        assertThat(first.get("Upload-Offset")).isEqualTo("5");
        assertThat(first.get("Kakehashi-Item")).isNull();
        HttpTester.Response head = send(token, "HEAD", location, Map.of(), "");
        assertThat(head.get("Upload-Offset")).isEqualTo("5");
        assertThat(head.get("Upload-Length")).isEqualTo("10");

        HttpTester.Response again = patch(token, location, 0, "01234");
        assertThat(again.getStatus()).isEqualTo(409);
        assertThat(again.getContent()).contains("OFFSET_MISMATCH", "5 バイト目");

        HttpTester.Response last = patch(token, location, 5, "56789");
        assertThat(last.getStatus()).isEqualTo(204);
        String item = last.get("Kakehashi-Item");
        assertThat(item).isNotNull();
        assertThat(portals.ports.contents.get(item)).isEqualTo("0123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(send(token, "HEAD", location, Map.of(), "").getStatus()).isEqualTo(404);
    }

    @Test
    void anUploadIsItsCreatorsAlone() throws Exception {
        String location = create(token, "a.txt", 4).get("Location");
        String other = portals.ports.tokenFor("acme-kato");
        assertThat(send(other, "HEAD", location, Map.of(), "").getStatus()).isEqualTo(404);
        assertThat(patch(other, location, 0, "abcd").getStatus()).isEqualTo(404);
        assertThat(send(other, "DELETE", location, Map.of(), "").getStatus()).isEqualTo(404);
        assertThat(send(other, "GET", "/api/v1/uploads", Map.of(), "").getContent())
                .doesNotContain("a.txt");
        assertThat(send(token, "GET", "/api/v1/uploads", Map.of(), "").getContent())
                .contains("a.txt", "\"offset\":0", "\"length\":4");
    }

    @Test
    void moreThanDeclaredTheWrongTypeAndBadMetadataAreRefusedWithTheirReasons() throws Exception {
        String location = create(token, "a.txt", 4).get("Location");
        HttpTester.Response plain = send(
                token,
                "PATCH",
                location,
                Map.of("Upload-Offset", "0", "Content-Type", "application/octet-stream"),
                "abcd");
        assertThat(plain.getStatus()).isEqualTo(415);
        HttpTester.Response longer = patch(token, location, 0, "abcdefgh");
        assertThat(longer.getStatus()).isEqualTo(413);
        assertThat(longer.getContent()).contains("LONGER_THAN_DECLARED");
        assertThat(send(token, "HEAD", location, Map.of(), "").getStatus())
                .as("an upload that broke its length is dropped")
                .isEqualTo(404);

        HttpTester.Response noName = send(
                token,
                "POST",
                "/api/v1/uploads",
                Map.of("Upload-Length", "4", "Upload-Metadata", "destination Y2l0eQ=="),
                "");
        assertThat(noName.getStatus()).isEqualTo(400);
        assertThat(noName.getContent()).contains("NAME_MISSING");
        HttpTester.Response noLength =
                send(token, "POST", "/api/v1/uploads", Map.of("Upload-Metadata", metadata("a.txt", "city")), "");
        assertThat(noLength.getStatus()).isEqualTo(400);
        assertThat(noLength.getContent()).contains("LENGTH_MISSING");
        HttpTester.Response elsewhere = send(
                token,
                "POST",
                "/api/v1/uploads",
                Map.of("Upload-Length", "4", "Upload-Metadata", metadata("a.txt", "mynumber")),
                "");
        assertThat(elsewhere.getContent()).contains("DESTINATION_NOT_ALLOWED");
        HttpTester.Response huge = send(
                token,
                "POST",
                "/api/v1/uploads",
                Map.of("Upload-Length", String.valueOf(3L << 30), "Upload-Metadata", metadata("a.txt", "city")),
                "");
        assertThat(huge.getStatus()).isEqualTo(413);
        assertThat(huge.getContent()).contains("TOO_LARGE", "上限 2.0 GB");
        // Each refusal is audited after its answer has gone out, so under load they may land out of order.
        awaitEvent("access-refused acme-sato internet POST /api/v1/uploads 413 TOO_LARGE");
        awaitEvent("access-refused acme-sato internet PATCH " + location + " 413 LONGER_THAN_DECLARED");
        awaitEvent("access-refused acme-sato internet PATCH " + location + " 415 WRONG_CONTENT_TYPE");
        assertThat(portals.ports.events)
                .contains(
                        "access-refused acme-sato internet PATCH " + location + " 415 WRONG_CONTENT_TYPE",
                        "access-refused acme-sato internet PATCH " + location + " 413 LONGER_THAN_DECLARED",
                        "access-refused acme-sato internet POST /api/v1/uploads 413 TOO_LARGE");
    }

    @Test
    void anAccountHasAtMostTenUnfinishedAndCancellingFreesOne() throws Exception {
        String first = null;
        for (int i = 0; i < ResumableUploads.PENDING_PER_ACCOUNT; i++) {
            Map<String, String> made = create(token, "f" + i + ".txt", 4);
            first = first == null ? made.get("Location") : first;
        }
        HttpTester.Response eleventh = send(
                token,
                "POST",
                "/api/v1/uploads",
                Map.of("Upload-Length", "4", "Upload-Metadata", metadata("x.txt", "city")),
                "");
        assertThat(eleventh.getStatus()).isEqualTo(429);
        assertThat(eleventh.getContent()).contains("TOO_MANY_PARTIAL_UPLOADS", "上限 10 件");
        awaitEvent("access-refused acme-sato internet POST /api/v1/uploads 429 TOO_MANY_PARTIAL_UPLOADS");
        assertThat(portals.ports.events)
                .as("the refusal is in the audit trail")
                .contains("access-refused acme-sato internet POST /api/v1/uploads 429 TOO_MANY_PARTIAL_UPLOADS");
        assertThat(send(token, "DELETE", first, Map.of(), "").getStatus()).isEqualTo(204);
        assertThat(create(token, "x.txt", 4).get("Location")).startsWith("/api/v1/uploads/");
    }

    private void awaitEvent(String event) throws InterruptedException {
        for (int i = 0; i < 50 && !portals.ports.events.contains(event); i++) {
            Thread.sleep(20);
        }
    }

    private Map<String, String> create(String who, String name, long length) throws Exception {
        HttpTester.Response r = send(
                who,
                "POST",
                "/api/v1/uploads",
                Map.of("Upload-Length", String.valueOf(length), "Upload-Metadata", metadata(name, "city")),
                "");
        assertThat(r.getStatus()).as(r.getContent()).isEqualTo(201);
        assertThat(r.get("Tus-Resumable")).isEqualTo("1.0.0");
        return Map.of("Location", r.get("Location"));
    }

    private HttpTester.Response patch(String who, String location, long offset, String body) throws Exception {
        return send(
                who,
                "PATCH",
                location,
                Map.of("Upload-Offset", String.valueOf(offset), "Content-Type", "application/offset+octet-stream"),
                body);
    }

    private HttpTester.Response send(String who, String method, String path, Map<String, String> headers, String body)
            throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + who);
        all.put("Tus-Resumable", "1.0.0");
        return portals.browser(Zone.INTERNET).send(method, path, all, body);
    }

    private static String metadata(String name, String destination) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "filename " + b64.encodeToString(name.getBytes(StandardCharsets.UTF_8)) + ",destination "
                + b64.encodeToString(destination.getBytes(StandardCharsets.UTF_8));
    }
}
