package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLSocket;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS uploads resume (ISSUE 27 §3): a tus upload whose connection the test cuts part-way keeps
 * what arrived; HEAD gives the offset, the rest goes on from there, and the file is received once
 * with the SHA-256 of the whole. An upload is its creator's alone.
 */
class ResumableUploadIT {
    @TempDir
    Path tmp;

    @Test
    void anUploadCutOffPartWayResumesFromTheServersOffsetAndIsReceivedOnce() throws Exception {
        Path data = tmp.resolve("data");
        byte[] file = new byte[6 * 1024 * 1024 + 123];
        new SecureRandom().nextBytes(file);
        try (Appliance appliance = ApplianceHarness.start(data, "tcp://127.0.0.1:9", StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            int port = appliance.httpsPort(Zone.INTERNET);
            String base = "https://127.0.0.1:" + port;
            String token = ApplianceHarness.apiToken(data, "acme-user");
            HttpClient http = PortalClient.trusting(data);

            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/uploads"))
                            .header("Authorization", "Bearer " + token)
                            .header("Tus-Resumable", "1.0.0")
                            .header("Upload-Length", String.valueOf(file.length))
                            .header("Upload-Metadata", "filename " + b64("工事写真.zip") + ",destination " + b64("city"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String location = created.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith("/api/v1/uploads/");

            // A PATCH that promises the whole file, sends 2 MB and loses its connection.
            try (SSLSocket socket = (SSLSocket)
                    PortalClient.trustingTls(data).getSocketFactory().createSocket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Authorization: Bearer " + token + "\r\n"
                                + "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                                + "Content-Type: application/offset+octet-stream\r\n"
                                + "Content-Length: " + file.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(file, 0, 2 * 1024 * 1024);
                out.flush();
                Thread.sleep(500);
            }
            assertThat(appliance.items().bySender("acme-user")).isEmpty();

            // Someone else does not see it at all.
            String other = ApplianceHarness.apiToken(data, "tanaka");
            assertThat(head(http, "https://127.0.0.1:" + appliance.httpsPort(Zone.LGWAN) + location, other)
                            .statusCode())
                    .isEqualTo(404);

            long offset = awaitOffset(http, base + location, token);
            assertThat(offset).isPositive().isLessThanOrEqualTo(2 * 1024 * 1024);
            // A small body: the answer comes before the server reads it, and a large one would still be on its way.
            HttpResponse<String> stale = patch(http, base + location, token, java.util.Arrays.copyOf(file, 1024), 0);
            assertThat(stale.statusCode()).as("a PATCH at another offset").isEqualTo(409);
            assertThat(stale.headers().firstValue("Upload-Offset")).contains(String.valueOf(offset));
            assertThat(stale.body()).contains("OFFSET_MISMATCH");

            HttpResponse<String> rest = patch(http, base + location, token, file, offset);
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
            assertThat(rest.headers().firstValue("Upload-Offset")).contains(String.valueOf(file.length));
            String itemId = rest.headers().firstValue("Kakehashi-Item").orElseThrow();

            List<TransferItem> items = appliance.items().bySender("acme-user");
            assertThat(items).singleElement().satisfies(item -> {
                assertThat(item.id()).isEqualTo(itemId);
                assertThat(item.name()).isEqualTo("工事写真.zip");
                assertThat(item.sha256()).isEqualTo(sha256(file));
            });
            assertThat(head(http, base + location, token).statusCode())
                    .as("a finished upload is gone")
                    .isEqualTo(404);
        }
    }

    /** Asks HEAD until the cut-off PATCH has let go of the upload (its offset no longer moves). */
    private static long awaitOffset(HttpClient http, String url, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> h = head(http, url, token);
            assertThat(h.statusCode()).isEqualTo(200);
            long offset = Long.parseLong(h.headers().firstValue("Upload-Offset").orElseThrow());
            if (offset == last && offset > 0) {
                return offset;
            }
            last = offset;
            Thread.sleep(300);
        }
        throw new AssertionError("the offset did not settle");
    }

    private static HttpResponse<String> head(HttpClient http, String url, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Tus-Resumable", "1.0.0")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> patch(HttpClient http, String url, String token, byte[] file, long offset)
            throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .header("Tus-Resumable", "1.0.0")
                            .header("Upload-Offset", String.valueOf(offset))
                            .header("Content-Type", "application/offset+octet-stream")
                            .method(
                                    "PATCH",
                                    HttpRequest.BodyPublishers.ofByteArray(
                                            file, (int) offset, file.length - (int) offset))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // The cut-off request may still hold the upload for a moment.
            if (!r.body().contains("UPLOAD_IN_PROGRESS") || attempt > 20) {
                return r;
            }
            Thread.sleep(300);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
