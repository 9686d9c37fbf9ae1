package jp.kakehashi.appliance;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kakehashi.policies.Zone;

/**
 * B-HTTPS-DOWN, B-HTTPS-UP and B-HTTPS-SMALL: the portals' JSON API over TLS 1.3 against nginx
 * (Debian) on another loopback port, driven by the same client ({@code curl}, {@code wrk}) with
 * the same cipher (TLS_AES_256_GCM_SHA384).
 *
 * <ul>
 *   <li>DOWN: a published file downloaded by staff ({@code GET /api/v1/files/ID/content},
 *       decrypted from the blob store as it streams) against nginx serving the same plaintext
 *       bytes from a file ({@code sendfile on}, no kTLS).
 *   <li>UP: a partner's {@code curl -T} to {@code POST /api/v1/files}, answered once the file is
 *       encrypted, hashed and fsynced as RECEIVED (the pipeline held, so scanning does not
 *       compete), against nginx {@code dav_methods PUT} into a folder followed by {@code sync} of
 *       the file, so both are durable when the clock stops.
 *   <li>SMALL: {@code wrk -t2 -c32 -d20s} on the partner's "what I sent" list (about 1 KiB of JSON,
 *       keep-alive) against nginx serving the same bytes as a static file; req/s and p99.
 * </ul>
 */
final class BenchHttps {
    private static final String CIPHER = "TLS_AES_256_GCM_SHA384";
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");

    private BenchHttps() {}

    /** A running appliance with a partner and a staff member, each with an API token. */
    private record Subject(Appliance appliance, String partnerToken, String staffToken) implements AutoCloseable {
        String url(Zone zone, String path) {
            return "https://127.0.0.1:" + appliance.httpsPort(zone) + path;
        }

        @Override
        public void close() {
            appliance.close();
        }
    }

    static void down(Path work, long mib, int pairs) throws Exception {
        Path input = BenchProcesses.randomFile(work.resolve("input.bin"), mib);
        long bytes = Files.size(input);
        try (Subject subject = subject(work);
                Nginx nginx = Nginx.start(work)) {
            String id = upload(subject, input, "down.bin");
            ApplianceHarness.publishAsIs(subject.appliance(), id);
            Files.copy(input, nginx.root().resolve("down.bin"));
            String ours = subject.url(Zone.LGWAN, "/api/v1/files/" + id + "/content");
            BenchMain.compare(
                    "B-HTTPS-DOWN",
                    "Kakehashi LGWAN portal, GET /api/v1/files/ID/content (AES-GCM blob decrypted as it streams)",
                    "nginx " + nginx.version() + ", static file of the plaintext, sendfile on, no kTLS",
                    "MiB/s",
                    pairs,
                    i -> fetch(List.of("-H", "Authorization: Bearer " + subject.staffToken()), ours, bytes),
                    i -> fetch(List.of(), nginx.url("/down.bin"), bytes),
                    notes(mib, "curl -o /dev/null, one connection"));
        }
    }

    static void up(Path work, long mib, int pairs) throws Exception {
        Path input = BenchProcesses.randomFile(work.resolve("input.bin"), mib);
        long bytes = Files.size(input);
        try (Subject subject = subject(work);
                Nginx nginx = Nginx.start(work)) {
            Path blobs = subject.appliance().dataDir().resolve("blobs");
            BenchMain.compare(
                    "B-HTTPS-UP",
                    "Kakehashi internet portal, POST /api/v1/files into RECEIVED (encrypted, hashed, fsynced)",
                    "nginx " + nginx.version() + " dav_methods PUT to the same filesystem, then sync of the file",
                    "MiB/s",
                    pairs,
                    i -> {
                        long t = System.nanoTime();
                        upload(subject, input, "up-" + (i + 1) + ".bin");
                        double r = BenchMain.mibPerSecond(bytes, System.nanoTime() - t);
                        deleteFiles(blobs);
                        return r;
                    },
                    i -> {
                        Path dest = nginx.root().resolve("up").resolve("up-" + (i + 1) + ".bin");
                        long t = System.nanoTime();
                        String code = curl(List.of(
                                "-T",
                                input.toString(),
                                "-w",
                                "%{http_code}",
                                "-o",
                                "/dev/null",
                                nginx.url("/up/" + dest.getFileName())));
                        BenchProcesses.run(List.of("sync", dest.toString()));
                        double r = BenchMain.mibPerSecond(bytes, System.nanoTime() - t);
                        if (!code.strip().equals("201") || Files.size(dest) != bytes) {
                            throw new IllegalStateException("nginx PUT answered " + code);
                        }
                        Files.delete(dest);
                        return r;
                    },
                    notes(mib, "curl -T, one connection"));
        }
    }

    /**
     * B-HTTPS-RESUME (ISSUE 27): what resuming costs. Both trials send one file through the tus
     * endpoints with curl; the subject's upload already holds the first half (sent untimed, as a
     * connection cut at 50 % leaves it) and times only the rest, the peer times the whole file.
     * Both are reported as the file's size over the time, so the ratio is full time / resume
     * time: 2 would be free resumption, the target (resume ≤ 0.55 of a full upload) is ≥ 1.82.
     */
    static void resume(Path work, long mib, int pairs) throws Exception {
        Path input = BenchProcesses.randomFile(work.resolve("input.bin"), mib);
        long bytes = Files.size(input);
        long half = bytes / 2;
        Path first = work.resolve("first-half.bin");
        Path second = work.resolve("second-half.bin");
        try (var in = Files.newInputStream(input);
                var a = Files.newOutputStream(first);
                var b = Files.newOutputStream(second)) {
            in.transferTo(new java.io.FilterOutputStream(a) {
                private long n;

                @Override
                public void write(byte[] buf, int off, int len) throws java.io.IOException {
                    int toA = (int) Math.max(0, Math.min(len, half - n));
                    a.write(buf, off, toA);
                    b.write(buf, off + toA, len - toA);
                    n += len;
                }
            });
        }
        try (Subject subject = subject(work)) {
            Path blobs = subject.appliance().dataDir().resolve("blobs");
            BenchMain.compare(
                    "B-HTTPS-RESUME",
                    "Kakehashi internet portal, tus upload resumed at 50 %: PATCH of the second half (timed)",
                    "the same file uploaded whole through the same tus endpoints: POST + one PATCH (timed)",
                    "MiB/s of the whole file",
                    pairs,
                    i -> {
                        String location = create(subject, bytes, "resume-" + i + ".bin");
                        patch(subject, location, 0, first);
                        long t = System.nanoTime();
                        patch(subject, location, half, second);
                        double r = BenchMain.mibPerSecond(bytes, System.nanoTime() - t);
                        deleteFiles(blobs);
                        return r;
                    },
                    i -> {
                        long t = System.nanoTime();
                        String location = create(subject, bytes, "whole-" + i + ".bin");
                        patch(subject, location, 0, input);
                        double r = BenchMain.mibPerSecond(bytes, System.nanoTime() - t);
                        deleteFiles(blobs);
                        return r;
                    },
                    notes(mib, "curl -T -X PATCH, one connection; ratio = full time / resume time"));
        }
    }

    /** tus creation; returns the upload's path. */
    private static String create(Subject subject, long length, String name) throws Exception {
        String answer = curl(List.of(
                "-X",
                "POST",
                "-D",
                "-",
                "-o",
                "/dev/null",
                "-H",
                "Authorization: Bearer " + subject.partnerToken(),
                "-H",
                "Tus-Resumable: 1.0.0",
                "-H",
                "Upload-Length: " + length,
                "-H",
                "Upload-Metadata: filename "
                        + java.util.Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8))
                        + ",destination "
                        + java.util.Base64.getEncoder().encodeToString("city".getBytes(StandardCharsets.UTF_8)),
                subject.url(Zone.INTERNET, "/api/v1/uploads")));
        Matcher m = Pattern.compile("(?im)^location: (\\S+)").matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("upload not created: " + answer);
        }
        return m.group(1);
    }

    /** One tus PATCH of {@code part} at {@code offset}. */
    private static void patch(Subject subject, String location, long offset, Path part) throws Exception {
        String code = curl(List.of(
                "-X",
                "PATCH",
                "-T",
                part.toString(),
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-H",
                "Authorization: Bearer " + subject.partnerToken(),
                "-H",
                "Tus-Resumable: 1.0.0",
                "-H",
                "Upload-Offset: " + offset,
                "-H",
                "Content-Type: application/offset+octet-stream",
                subject.url(Zone.INTERNET, location)));
        if (!code.strip().equals("204")) {
            throw new IllegalStateException("PATCH answered " + code);
        }
    }

    static void small(Path work, int pairs) throws Exception {
        try (Subject subject = subject(work);
                Nginx nginx = Nginx.start(work)) {
            Path tiny = work.resolve("tiny.txt");
            for (int i = 1; i <= 3; i++) {
                Files.writeString(tiny, "見積書 " + i + "\n");
                upload(subject, tiny, "見積書-" + i + ".txt");
            }
            String ours = subject.url(Zone.INTERNET, "/api/v1/sent");
            String auth = "Authorization: Bearer " + subject.partnerToken();
            String body = curl(List.of("-H", auth, ours));
            Files.writeString(nginx.root().resolve("sent.json"), body);
            List<Double> ourP99 = new ArrayList<>();
            List<Double> peerP99 = new ArrayList<>();
            BenchMain.compare(
                    "B-HTTPS-SMALL",
                    "Kakehashi internet portal, GET /api/v1/sent (" + body.getBytes(StandardCharsets.UTF_8).length
                            + " bytes of JSON, token checked, items read from SQLite)",
                    "nginx " + nginx.version() + ", the same bytes as a static file",
                    "req/s",
                    pairs,
                    i -> wrk(List.of("-H", auth), ours, i < 0 ? new ArrayList<>() : ourP99),
                    i -> wrk(List.of(), nginx.url("/sent.json"), i < 0 ? new ArrayList<>() : peerP99),
                    Map.of(
                            "client",
                            "wrk -t2 -c32 -d20s --latency, keep-alive",
                            "note",
                            "both servers share the 2 cores with wrk"));
            List<Double> p99 = new ArrayList<>();
            for (int i = 0; i < ourP99.size(); i++) {
                p99.add(peerP99.get(i) / ourP99.get(i));
            }
            p99.sort(null);
            BenchMain.report(
                    "B-HTTPS-SMALL-p99",
                    Map.of(
                            "metric", "p99 latency ratio (nginx / Kakehashi; > 1 means Kakehashi is faster)",
                            "our_p99_ms", String.valueOf(ourP99),
                            "peer_p99_ms", String.valueOf(peerP99),
                            "median_ratio", String.format("%.3f", p99.get(p99.size() / 2)),
                            "min_ratio", String.format("%.3f", p99.get(0)),
                            "max_ratio", String.format("%.3f", p99.get(p99.size() - 1))));
        }
    }

    private static Map<String, String> notes(long mib, String client) {
        return Map.of(
                "size_mib",
                String.valueOf(mib),
                "tls",
                "TLSv1.3 " + CIPHER + " on both",
                "client",
                client,
                "note",
                "both servers share the 2 cores with the client; Jetty on platform threads");
    }

    private static Subject subject(Path work) throws Exception {
        Path dir = work.resolve("appliance");
        Appliance appliance = Appliance.start(
                ApplianceHarness.config(dir, "tcp://127.0.0.1:1", 1),
                Clock.systemUTC(),
                new SecureRandom(),
                BenchSftp.holdPipeline());
        ApplianceHarness.addAccounts(appliance);
        return new Subject(
                appliance, ApplianceHarness.apiToken(dir, "acme-user"), ApplianceHarness.apiToken(dir, "tanaka"));
    }

    /** Streams one file to the internet portal as the partner; returns the new item's id. */
    private static String upload(Subject subject, Path file, String name) throws Exception {
        String answer = curl(List.of(
                "-X",
                "POST",
                "-T",
                file.toString(),
                "-H",
                "Authorization: Bearer " + subject.partnerToken(),
                "-H",
                "X-Destination: city",
                "-H",
                "X-File-Name: " + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8),
                "-w",
                "\n%{http_code}",
                subject.url(Zone.INTERNET, "/api/v1/files")));
        if (!answer.endsWith("\n201")) {
            throw new IllegalStateException("upload refused: " + answer);
        }
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f]+)\"").matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("no item id in " + answer);
        }
        return m.group(1);
    }

    private static double fetch(List<String> headers, String url, long bytes) throws Exception {
        List<String> args = new ArrayList<>(headers);
        args.addAll(List.of("-o", "/dev/null", "-w", "%{size_download} %{speed_download} %{http_code}", url));
        String[] out = curl(args).strip().split(" ");
        if (Long.parseLong(out[0]) != bytes || !out[2].equals("200")) {
            throw new IllegalStateException(url + " gave " + String.join(" ", out));
        }
        return Double.parseDouble(out[1]) / 1048576.0;
    }

    private static String curl(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "--tlsv1.3", "--tls13-ciphers", CIPHER));
        command.addAll(args);
        return BenchProcesses.run(command);
    }

    /** Runs wrk once; returns requests per second and adds the p99 latency in milliseconds to {@code p99s}. */
    private static double wrk(List<String> headers, String url, List<Double> p99s) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c32", "-d20s", "--latency"));
        command.addAll(headers);
        command.add(url);
        String out = BenchProcesses.run(command);
        Matcher rps = RPS.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rps.find() || !p99.find() || out.contains("Non-2xx")) {
            throw new IllegalStateException("wrk: " + out);
        }
        double unit = switch (p99.group(2)) {
            case "us" -> 0.001;
            case "s" -> 1000;
            default -> 1;
        };
        p99s.add(Double.parseDouble(p99.group(1)) * unit);
        return Double.parseDouble(rps.group(1));
    }

    private static void deleteFiles(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
    }

    /** nginx on a free loopback port with its own configuration, certificate and folders under the work directory. */
    private record Nginx(Process process, int port, Path root, String version) implements AutoCloseable {
        static Nginx start(Path work) throws Exception {
            Path dir = Files.createDirectories(work.resolve("nginx"));
            Path root = Files.createDirectories(dir.resolve("www"));
            Files.createDirectories(root.resolve("up"));
            BenchProcesses.run(List.of(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-keyout",
                    dir.resolve("key.pem").toString(),
                    "-out",
                    dir.resolve("cert.pem").toString(),
                    "-days",
                    "2",
                    "-subj",
                    "/CN=127.0.0.1"));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String conf = """
                    %s
                    worker_processes 1;
                    daemon off;
                    pid %s/nginx.pid;
                    error_log %s/error.log;
                    events { worker_connections 1024; }
                    http {
                      access_log off;
                      sendfile on;
                      keepalive_requests 10000000;
                      client_body_temp_path %s/body;
                      proxy_temp_path %s/proxy;
                      fastcgi_temp_path %s/fastcgi;
                      uwsgi_temp_path %s/uwsgi;
                      scgi_temp_path %s/scgi;
                      types { application/json json; }
                      default_type application/octet-stream;
                      server {
                        listen 127.0.0.1:%d ssl;
                        ssl_certificate %s/cert.pem;
                        ssl_certificate_key %s/key.pem;
                        ssl_protocols TLSv1.3;
                        root %s;
                        client_max_body_size 0;
                        location /up/ { dav_methods PUT; }
                      }
                    }
                    """.formatted(
                            "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                            dir,
                            dir,
                            dir,
                            dir,
                            dir,
                            dir,
                            dir,
                            port,
                            dir,
                            dir,
                            root);
            Path config = dir.resolve("nginx.conf");
            Files.writeString(config, conf);
            String version = BenchProcesses.run(List.of("nginx", "-v")).replaceAll("(?s).*nginx/([0-9.]+).*", "$1");
            Process p = new ProcessBuilder("nginx", "-c", config.toString(), "-p", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("stdout.log")));
                }
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return new Nginx(p, port, root, version);
                } catch (java.io.IOException e) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("nginx did not listen on " + port);
        }

        String url(String path) {
            return "https://127.0.0.1:" + port + path;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
