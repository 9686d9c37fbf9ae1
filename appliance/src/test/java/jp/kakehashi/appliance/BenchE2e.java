package jp.kakehashi.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * B-E2E: 1 MB Japanese docx files from 4 concurrent SFTP senders, 50 uploads; latency from
 * upload complete (RECEIVED) to PUBLISHED, with a per-stage breakdown taken from the audit log.
 * The peer is the sum of the stage medians measured standalone (one file at a time) in the same
 * run; ratio = that sum / the e2e p50 (&gt;= 0.8 means queueing and persistence add at most 25 %).
 */
final class BenchE2e {
    private static final List<String> STAGES = List.of(
            "ITEM_RECEIVED",
            "ITEM_DETECTED",
            "ITEM_SCANNED",
            "ITEM_POLICY",
            "ITEM_SANITIZED",
            "ITEM_INDEXED",
            "ITEM_PUBLISHED");

    private BenchE2e() {}

    static void run(Path work) throws Exception {
        try (Clamd clamd = Clamd.start(work.resolve("clamd"), 1L << 30);
                Appliance appliance = Appliance.start(
                        ApplianceHarness.config(work.resolve("data"), clamd.tcpAddress(), 2),
                        Clock.systemUTC(),
                        new SecureRandom(),
                        StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            int port = appliance.sftpPort(Zone.INTERNET);
            List<byte[]> docs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                docs.add(docx(i));
            }
            // Standalone: one file at a time.
            for (int i = 0; i < 8; i++) {
                upload(port, "solo-" + i + ".docx", docs.get(i % docs.size()));
                awaitAll(appliance, i + 1);
            }
            Map<String, List<Double>> solo = stageTimes(appliance, "solo-");
            // Concurrent: 4 senders, 50 uploads.
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int sender = s;
                done.add(senders.submit(() -> {
                    for (int i = sender; i < 50; i += 4) {
                        upload(port, "load-" + i + ".docx", docs.get(i % docs.size()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            senders.shutdown();
            awaitAll(appliance, 58);
            Map<String, List<Double>> load = stageTimes(appliance, "load-");
            double soloSum = 0;
            Map<String, String> notes = new LinkedHashMap<>();
            for (int i = 1; i < STAGES.size(); i++) {
                String stage = STAGES.get(i).replace("ITEM_", "").toLowerCase(java.util.Locale.ROOT);
                double soloMedian = percentile(solo.get(stage), 50);
                soloSum += soloMedian;
                notes.put(
                        "stage_" + stage + "_ms",
                        String.format(
                                "solo p50 %.1f / load p50 %.1f p95 %.1f",
                                soloMedian, percentile(load.get(stage), 50), percentile(load.get(stage), 95)));
            }
            double p50 = percentile(load.get("e2e"), 50);
            double p95 = percentile(load.get("e2e"), 95);
            notes.put("e2e_p50_ms", String.format("%.1f", p50));
            notes.put("e2e_p95_ms", String.format("%.1f", p95));
            notes.put("solo_stage_sum_ms", String.format("%.1f", soloSum));
            notes.put("ratio_sum_over_p50", String.format("%.3f", soloSum / p50));
            // With a burst above capacity, latency is queueing; throughput against capacity says whether the queue
            // drains well.
            double[] span = span(appliance, "load-");
            double throughput = 50 / span[0];
            double capacity = 2 / (soloSum / 1000);
            notes.put("load_throughput_items_per_s", String.format("%.2f", throughput));
            notes.put("solo_capacity_items_per_s", String.format("%.2f (2 workers / solo stage sum)", capacity));
            notes.put("throughput_over_capacity", String.format("%.3f", throughput / capacity));
            notes.put("arrival_seconds", String.format("%.1f", span[1]));
            notes.put(
                    "workload", "50 x ~1 MB docx, 4 concurrent SFTP senders, 2 pipeline workers, real clamd (test DB)");
            BenchMain.report("B-E2E", notes);
        }
    }

    private static void upload(int port, String name, byte[] content) throws Exception {
        try (var partner = ApplianceHarness.login(port, "acme-user")) {
            EndToEndIT.put(partner.sftp(), "/to-city/" + name, content);
        }
    }

    private static void awaitAll(Appliance appliance, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            var items = appliance.items().bySender("acme-user");
            if (items.size() >= count && items.stream().allMatch(i -> i.state().terminal())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("items did not finish in time");
    }

    /** Milliseconds per stage (and "e2e") for items whose name starts with {@code prefix}, from the audit log. */
    static Map<String, List<Double>> stageTimes(Appliance appliance, String prefix) {
        Map<String, Map<String, OffsetDateTime>> byItem = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (JsonNode r : AuditLog.readRecords(appliance.dataDir().resolve("audit"))) {
            String type = r.path("type").asText();
            if (STAGES.contains(type)) {
                byItem.computeIfAbsent(r.path("item").asText(), k -> new HashMap<>())
                        .put(type, OffsetDateTime.parse(r.path("time").asText()));
            }
            if (type.equals("ITEM_RECEIVED")) {
                names.put(r.path("item").asText(), r.path("data").path("name").asText());
            }
        }
        Map<String, List<Double>> times = new HashMap<>();
        byItem.forEach((item, t) -> {
            if (!names.getOrDefault(item, "").startsWith(prefix) || !t.containsKey("ITEM_PUBLISHED")) {
                return;
            }
            for (int i = 1; i < STAGES.size(); i++) {
                String stage = STAGES.get(i).replace("ITEM_", "").toLowerCase(java.util.Locale.ROOT);
                times.computeIfAbsent(stage, k -> new ArrayList<>())
                        .add(millis(t.get(STAGES.get(i - 1)), t.get(STAGES.get(i))));
            }
            times.computeIfAbsent("e2e", k -> new ArrayList<>())
                    .add(millis(t.get("ITEM_RECEIVED"), t.get("ITEM_PUBLISHED")));
        });
        return times;
    }

    /** Seconds from the first upload received to the last published, and over which the uploads arrived. */
    private static double[] span(Appliance appliance, String prefix) {
        OffsetDateTime first = null;
        OffsetDateTime lastReceived = null;
        OffsetDateTime last = null;
        Map<String, String> names = new HashMap<>();
        for (JsonNode r : AuditLog.readRecords(appliance.dataDir().resolve("audit"))) {
            String type = r.path("type").asText();
            String item = r.path("item").asText();
            OffsetDateTime time = OffsetDateTime.parse(r.path("time").asText());
            if (type.equals("ITEM_RECEIVED")
                    && r.path("data").path("name").asText().startsWith(prefix)) {
                names.put(item, prefix);
                first = first == null ? time : first;
                lastReceived = time;
            }
            if (type.equals("ITEM_PUBLISHED") && names.containsKey(item)) {
                last = time;
            }
        }
        if (first == null || last == null || lastReceived == null) {
            throw new IllegalStateException("no " + prefix + " items in the audit log");
        }
        return new double[] {millis(first, last) / 1000, millis(first, lastReceived) / 1000};
    }

    private static double millis(OffsetDateTime a, OffsetDateTime b) {
        return Duration.between(a, b).toNanos() / 1e6;
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(sorted.size() * p / 100.0) - 1)));
    }

    /** A docx of about 1 MB: random kanji and kana, which compress poorly, as real documents do less. */
    private static byte[] docx(int seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText("見積書 第" + seed + "号");
            for (int p = 0; p < 400; p++) {
                StringBuilder text = new StringBuilder();
                for (int c = 0; c < 1000; c++) {
                    text.append((char)
                            (random.nextBoolean() ? 0x4E00 + random.nextInt(0x1000) : 0x3041 + random.nextInt(0x56)));
                }
                doc.createParagraph().createRun().setText(text.toString());
            }
            doc.write(out);
            return out.toByteArray();
        }
    }
}
