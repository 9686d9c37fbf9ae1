package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditVerifier;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderFile;
import jp.kakehashi.appliance.folders.FolderRole;
import jp.kakehashi.appliance.folders.Member;
import jp.kakehashi.appliance.identity.PersonalTokens;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash loop (ISSUE 21 §8, ATTACKS F-05/F-06): {@code kakehashi up} runs as its own process
 * under a mixed workload — partners uploading over SFTP and the API, staff sending out through a
 * supervisor's approval, new versions of a shared-folder file — and is killed with SIGKILL at a
 * random moment, then started again on the same data, {@value #DEFAULT_RUNS} times. Afterwards
 * every upload a client saw succeed is there exactly once and published, nothing was published
 * twice, and the audit chain verifies.
 *
 * <p>A start takes 2-4 s on the CI machine, so the hundred runs take about nine minutes on an idle machine; the loop
 * also stops at its time budget ({@code -Dkakehashi.crash-loop.minutes}, 5 by default: about sixty runs, so a slow
 * machine cannot push CI past its limit) and reports how many runs it made in
 * {@code target/crash-loop.txt}. {@code -Dkakehashi.crash-loop.runs=N} runs fewer or more.
 */
class CrashLoopIT {
    private static final int DEFAULT_RUNS = 100;
    /** Uploads each client tries per run: enough to keep the pipeline busy, few enough that it keeps up. */
    private static final int PER_RUN = 5;

    private static final String FOLDER_FILE = "メモ.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** What clients were told succeeded; the appliance must hold all of it after every crash. */
    private final Set<String> inbound = ConcurrentHashMap.newKeySet();

    private final Set<String> outbound = ConcurrentHashMap.newKeySet();
    private final AtomicInteger versions = new AtomicInteger();
    private final AtomicInteger approved = new AtomicInteger();

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // the loop stops at its own budget; the full drill takes ~10
    void killedAtRandomUnderLoadNothingIsLostOrPublishedTwice() throws Exception {
        int runs = Integer.getInteger("kakehashi.crash-loop.runs", DEFAULT_RUNS);
        long budget = TimeUnit.MINUTES.toNanos(Integer.getInteger("kakehashi.crash-loop.minutes", 5));
        long seed = Long.getLong("kakehashi.crash-loop.seed", System.nanoTime());
        Random random = new Random(seed);
        try (Clamd clamd = Clamd.start(tmp.resolve("clamd"), 1L << 26)) {
            Path dir = tmp.resolve("appliance");
            Files.createDirectories(dir);
            DaemonProcess.writeConfig(dir, clamd.tcpAddress());
            Path data = DaemonProcess.dataDir(dir);
            try (Appliance setup = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
                ApplianceHarness.addAccounts(setup);
                ApplianceHarness.addStaff(setup, "suzuki", Role.STAFF, "kacho");
                Folder folder = setup.folders().create("tanaka", "共有", "クラッシュ試験の共有フォルダ", "somu");
                setup.folders()
                        .setMember(
                                "tanaka",
                                folder.id(),
                                Member.Kind.ORGANISATION,
                                "acme",
                                FolderRole.EDITOR,
                                Optional.empty());
            }
            Tokens tokens = tokens(data);
            HttpClient http = PortalClient.trusting(data);

            List<String> jvm = List.of("-Xmx512m");
            long started = System.nanoTime();
            long starting = 0;
            int done = 0;
            while (done < runs && System.nanoTime() - started < budget) {
                long launch = System.nanoTime();
                DaemonProcess daemon = DaemonProcess.launch(dir, jvm);
                starting += System.nanoTime() - launch;
                long killAfter = 200 + random.nextInt(2800);
                ExecutorService clients = Executors.newFixedThreadPool(4);
                int run = done;
                try {
                    clients.submit(() -> sftpUploads(daemon, run));
                    clients.submit(() -> apiUploads(http, daemon, tokens.partner(), "city", "a", run, inbound));
                    clients.submit(() -> sendAndApprove(http, daemon, tokens, run));
                    clients.submit(() -> folderVersions(daemon));
                    Thread.sleep(killAfter);
                } finally {
                    // Also when the test itself is stopped: no daemon outlives it.
                    daemon.kill();
                }
                clients.shutdownNow();
                assertThat(clients.awaitTermination(60, TimeUnit.SECONDS))
                        .as("the clients gave up once the daemon was gone")
                        .isTrue();
                done++;
            }
            long loopSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            // The last start: recovery finishes, the supervisor decides what still waits.
            try (Appliance after = ApplianceHarness.start(data, clamd.tcpAddress(), StageHook.NONE)) {
                List<TransferItem> items = settle(after);
                Map<String, List<TransferItem>> byName =
                        items.stream().collect(Collectors.groupingBy(TransferItem::name));
                List<String> problems = new ArrayList<>();
                for (String name : inbound) {
                    check(problems, byName, name, "acme-user");
                }
                for (String name : outbound) {
                    check(problems, byName, name, "tanaka");
                }
                byName.forEach((name, same) -> {
                    if (same.size() > 1 && !name.equals(FOLDER_FILE)) {
                        problems.add(name + " is there " + same.size() + " times");
                    }
                });
                Folder folder = after.folders().named("共有").orElseThrow();
                int held = after.folders().files(folder.id()).stream()
                        .filter(f -> f.name().equals(FOLDER_FILE))
                        .map(FolderFile::id)
                        .mapToInt(f -> after.folders().versions(f).size())
                        .sum();
                if (held < versions.get()) {
                    problems.add(FOLDER_FILE + " has " + held + " versions, clients saved " + versions.get());
                }
                for (TransferItem item : items) {
                    if (item.state() != ItemState.PUBLISHED) {
                        problems.add(item.name() + " ended " + item.state() + " " + item.reasonCode() + " "
                                + item.reasonDetail());
                    }
                }
                Map<String, Long> publications = AuditLog.readRecords(data.resolve("audit")).stream()
                        .filter(r -> r.path("type").asText().equals("ITEM_PUBLISHED"))
                        .collect(Collectors.groupingBy(r -> r.path("item").asText(), Collectors.counting()));
                publications.forEach((item, n) -> {
                    if (n > 1) {
                        problems.add(item + " was published " + n + " times");
                    }
                });
                String summary = String.format(
                        "crash loop: %d runs (SIGKILL 0.2-3.0 s after the listeners are up; a start took %d ms) in %d s,"
                                + " seed %d; clients saw %d inbound and %d outbound files and %d folder versions"
                                + " succeed, %d approvals; %d items at the end, %d publications",
                        done,
                        done == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(starting) / done,
                        loopSeconds,
                        seed,
                        inbound.size(),
                        outbound.size(),
                        versions.get(),
                        approved.get(),
                        items.size(),
                        publications.values().stream()
                                .mapToLong(Long::longValue)
                                .sum());
                Files.writeString(Path.of("target", "crash-loop.txt"), summary + "\n");
                System.out.println(summary);
                assertThat(problems).as(summary).isEmpty();
                assertThat(done).as("runs within the time budget").isGreaterThanOrEqualTo(Math.min(runs, 20));
                assertThat(inbound.size() + outbound.size())
                        .as("the clients got work through between the crashes")
                        .isGreaterThan(done);
            }
            AuditVerifier.Result verified = AuditVerifier.verify(data.resolve("audit"));
            assertThat(verified.ok()).as(verified.problem()).isTrue();
        }
    }

    private static void check(
            List<String> problems, Map<String, List<TransferItem>> byName, String name, String sender) {
        List<TransferItem> found = byName.getOrDefault(name, List.of()).stream()
                .filter(i -> i.sender().equals(sender))
                .toList();
        if (found.isEmpty()) {
            problems.add(name + " from " + sender + " was accepted and is lost");
        }
    }

    /** Runs the pipeline to its end; decides every approval still open as the supervisor. */
    private static List<TransferItem> settle(Appliance appliance) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            for (ApprovalRequest r : appliance.approvals().decidableBy("suzuki")) {
                appliance.approvals().approve(r.id(), "suzuki", Optional.empty(), "確認しました");
            }
            List<TransferItem> items = appliance.items().all();
            if (items.stream().allMatch(i -> i.state().terminal())) {
                return items;
            }
            Thread.sleep(250);
        }
        return appliance.items().all();
    }

    private void sftpUploads(DaemonProcess daemon, int run) {
        try (var partner = ApplianceHarness.login(daemon.port(Zone.INTERNET), "acme-user")) {
            for (int k = 0; k < PER_RUN && !Thread.currentThread().isInterrupted(); k++) {
                String name = "r" + run + "-s" + k + ".txt";
                EndToEndIT.put(partner.sftp(), "/to-city/" + name, content(run, k));
                inbound.add(name);
            }
        } catch (Exception | AssertionError gone) {
            // The daemon was killed: what was not acknowledged is not the appliance's to keep.
        }
    }

    private void folderVersions(DaemonProcess daemon) {
        try (var partner = ApplianceHarness.login(daemon.port(Zone.INTERNET), "acme-user")) {
            for (int k = 0; k < PER_RUN && !Thread.currentThread().isInterrupted(); k++) {
                EndToEndIT.put(partner.sftp(), "/shared/共有/" + FOLDER_FILE, content(k, k));
                versions.incrementAndGet();
            }
        } catch (Exception | AssertionError gone) {
            // As above; a refused version (a conflict) is not counted either.
        }
    }

    private static void apiUploads(
            HttpClient http, DaemonProcess daemon, String token, String to, String tag, int run, Set<String> ledger) {
        Zone zone = to.equals("city") ? Zone.INTERNET : Zone.LGWAN;
        try {
            for (int k = 0; k < PER_RUN && !Thread.currentThread().isInterrupted(); k++) {
                String name = "r" + run + "-" + tag + k + ".txt";
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(url(daemon, zone, "/api/v1/files"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", "Bearer " + token)
                                .header("X-Destination", to)
                                .header("X-File-Name", URLEncoder.encode(name, StandardCharsets.UTF_8))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(content(run, k)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    return;
                }
                ledger.add(name);
            }
        } catch (Exception gone) {
            // The daemon was killed mid-request.
        }
    }

    /** Staff send to the partner; their supervisor approves whatever waits, through the API. */
    private void sendAndApprove(HttpClient http, DaemonProcess daemon, Tokens tokens, int run) {
        Thread sender = Thread.ofVirtual()
                .start(() -> apiUploads(http, daemon, tokens.staff(), "partner:acme", "o", run, outbound));
        try {
            while (!Thread.currentThread().isInterrupted()) {
                HttpResponse<String> queue = http.send(
                        HttpRequest.newBuilder(url(daemon, Zone.LGWAN, "/api/v1/approvals"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", "Bearer " + tokens.supervisor())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode a : JSON.readTree(queue.body())) {
                    String body = JSON.writeValueAsString(
                            Map.of("sha256", a.path("sha256").asText(), "comment", "確認しました"));
                    HttpResponse<String> given = http.send(
                            HttpRequest.newBuilder(url(
                                            daemon,
                                            Zone.LGWAN,
                                            "/api/v1/approvals/" + a.path("id").asLong() + "/approve"))
                                    .timeout(Duration.ofSeconds(20))
                                    .header("Authorization", "Bearer " + tokens.supervisor())
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (given.statusCode() == 200) {
                        approved.incrementAndGet();
                    }
                }
                Thread.sleep(100);
            }
        } catch (Exception gone) {
            // The daemon was killed.
        } finally {
            sender.interrupt();
            try {
                sender.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static URI url(DaemonProcess daemon, Zone zone, String path) {
        return URI.create("https://127.0.0.1:" + daemon.httpsPort(zone) + path);
    }

    /** Text that differs per file, a few KB to some tens of KB. */
    private static byte[] content(int run, int k) {
        String line = "クラッシュ試験 " + run + "-" + k + " 架け橋の試験データです。\n";
        return line.repeat(20 + (run * 31 + k * 17) % 400).getBytes(StandardCharsets.UTF_8);
    }

    private record Tokens(String partner, String staff, String supervisor) {}

    private static Tokens tokens(Path data) {
        // A handle on the SQLite file while no daemon runs: the appliance exposes no token maker.
        try (Database db = Database.open(new DataDir(data).database())) {
            PersonalTokens tokens =
                    new PersonalTokens(db, new JdbcIdentityStore(), new SecureRandom(), Clock.systemUTC());
            Function<String, String> make =
                    name -> tokens.make(name, "crash-loop", Duration.ofDays(1)).token();
            return new Tokens(make.apply("acme-user"), make.apply("tanaka"), make.apply("suzuki"));
        }
    }
}
