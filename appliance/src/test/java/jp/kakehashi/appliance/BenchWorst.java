package jp.kakehashi.appliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import jp.kakehashi.appliance.workers.WorkerLimits;
import jp.kakehashi.appliance.workers.WorkerPool;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.ResourceLimitException;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;
import jp.kakehashi.sanitizer.specimens.Specimen;
import jp.kakehashi.sanitizer.specimens.Zips;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * B-CDR-WORST: the files that cost the sanitizer most, each run as the daemon runs it (detect,
 * disarm with the default ladder, extract the rendition's text) in a fresh worker process with the
 * default limits, so a specimen's peak RSS is its own. Prints one line per specimen (seconds, the
 * worker's peak RSS, the verdict) against the configured time limit and heap, then the whole
 * hostile-specimen suite through one warm worker with its five slowest named.
 */
final class BenchWorst {
    private BenchWorst() {}

    /** A generated worst case and what makes it expensive. */
    record Worst(String name, byte[] content, String why) {}

    static void run(Path work) throws Exception {
        WorkerLimits limits = WorkerLimits.defaults();
        Path in = Files.createDirectories(work.resolve("in"));
        Path out = Files.createDirectories(work.resolve("out"));
        ObjectMapper json = new ObjectMapper();
        double slowest = 0;
        String slowestName = "";
        long largestRss = 0;
        for (Worst w : worstCases()) {
            Path file = Files.write(in.resolve(w.name()), w.content());
            try (WorkerPool pool = new WorkerPool(SanitizerConfig.defaults(), limits, 1, out)) {
                Run r = once(pool, file, out);
                List<Long> pids = pool.idleWorkerPids();
                long rssKib = pids.isEmpty() ? -1 : peakRssKib(pids.get(0));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("bench", "B-CDR-WORST");
                line.put("specimen", w.name());
                line.put("bytes", w.content().length);
                line.put("why", w.why());
                line.put("seconds", Math.round(r.seconds() * 100) / 100.0);
                line.put("limit_seconds", limits.timeout().toSeconds());
                line.put("worker_peak_rss_mib", rssKib < 0 ? "worker ended" : String.valueOf(rssKib / 1024));
                line.put("heap_limit_mib", limits.heapBytes() >> 20);
                line.put("verdict", r.verdict());
                System.out.println(json.writeValueAsString(line));
                if (r.seconds() > slowest) {
                    slowest = r.seconds();
                    slowestName = w.name() + " (" + w.why() + ")";
                }
                largestRss = Math.max(largestRss, rssKib);
            }
        }
        List<Map.Entry<String, Double>> times = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool(SanitizerConfig.defaults(), limits, 1, out)) {
            for (Specimen s : HostileSpecimens.all()) {
                Path file = Files.write(in.resolve(s.id() + "-" + s.name()), s.content());
                times.add(
                        Map.entry(s.id() + " " + s.name(), once(pool, file, out).seconds()));
            }
        }
        times.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        BenchMain.report(
                "B-CDR-WORST",
                Map.of(
                        "slowest_generated",
                        slowestName + String.format(", %.1f s", slowest),
                        "largest_worker_rss_mib",
                        String.valueOf(largestRss / 1024),
                        "suite_specimens",
                        String.valueOf(times.size()),
                        "suite_slowest_five",
                        times.subList(0, 5).stream()
                                .map(e -> e.getKey() + String.format(" %.2f s", e.getValue()))
                                .toList()
                                .toString(),
                        "limits",
                        limits.timeout().toSeconds() + " s and " + (limits.heapBytes() >> 20)
                                + " MiB heap per worker"));
    }

    /** What one file cost, and how it ended. */
    record Run(double seconds, String verdict) {}

    private static Run once(WorkerPool pool, Path file, Path out) {
        long t = System.nanoTime();
        String verdict;
        try {
            Detection detection = pool.detect(file, file.getFileName().toString());
            DisarmResult result = pool.disarm(file, detection, out);
            verdict = switch (result) {
                case DisarmResult.Disarmed d -> {
                    int chars = pool.extractText(d.output(), d.mediaType()).length();
                    yield "disarmed (" + d.method() + ", " + d.removals().size() + " removals, " + chars + " chars)";
                }
                case DisarmResult.Refused r ->
                    "refused " + r.reason().code() + ": " + r.reason().detail();
            };
        } catch (ResourceLimitException e) {
            verdict = "refused at detection: " + e.getMessage();
        }
        return new Run((System.nanoTime() - t) / 1e9, verdict);
    }

    private static long peakRssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static List<Worst> worstCases() throws Exception {
        byte[] nested = HostileSpecimens.docxWith("入れ子の底の文書");
        for (int depth = 0; depth < 12; depth++) {
            nested = Zips.of("level" + depth + (depth == 0 ? ".docx" : ".zip"), nested);
        }
        return List.of(
                new Worst("nested-12.zip", nested, "a docx under twelve levels of ZIP: the depth limit must stop it"),
                new Worst("wide.zip", wideZip(), "5,000 small members, each disarmed and written again"),
                new Worst("10k-pages.pdf", manyPages(10_000), "10,000 pages to rebuild, verify and extract"),
                new Worst(
                        "huge-cid-font.pdf",
                        HostileSpecimens.hugeFontPdf(256),
                        "a Type0 CID font with a 256 MB (deflated) font program and a 65,536-entry width array"),
                new Worst("40mp.jpg", image(8000, 5000, "jpeg"), "40 megapixels to decode and re-encode"),
                new Worst("40mp.png", image(8000, 5000, "png"), "40 megapixels to decode and re-encode"));
    }

    private static byte[] wideZip() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            members.put(
                    "台帳/" + i + ".csv",
                    ("番号,金額\r\n" + i + "," + i * 1000 + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return Zips.write(members);
    }

    private static byte[] manyPages(int pages) throws Exception {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 0; i < pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.newLineAtOffset(72, 720);
                    content.showText("Page " + (i + 1) + " of the annual ledger");
                    content.endText();
                }
            }
            doc.save(bytes);
            return bytes.toByteArray();
        }
    }

    private static byte[] image(int width, int height, String format) throws Exception {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        for (int x = 0; x < width; x += 97) {
            g.drawLine(x, 0, width - x, height);
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, format, bytes);
        return bytes.toByteArray();
    }
}
