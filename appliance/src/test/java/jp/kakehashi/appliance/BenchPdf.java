package jp.kakehashi.appliance;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import jp.kakehashi.sanitizer.DisarmOptions;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.Profile;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.TextSimilarity;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * B-CDR-PIXEL and B-EXTRACT, on PDFs a real office suite wrote: Japanese reports of several pages
 * (text, a table and a chart image), written by LibreOffice from generated HTML with fresh random
 * sentences each run.
 *
 * <ul>
 *   <li>B-CDR-PIXEL: our structural PDF rebuild against the pixel round trip that "Dangerzone-like"
 *       products do, {@code pdftoppm -r 150} then {@code img2pdf}; pages per second. Our own flatten
 *       profile is measured against the same peer as a second line.
 *   <li>B-EXTRACT: text extraction from the rebuilt PDFs (PDFBox through our extractor) against
 *       {@code pdftotext}; MB/s, and how much of the two texts agree (character bigrams).
 * </ul>
 */
final class BenchPdf {
    private static final String[] PHRASES = {
        "令和8年度の事業計画について", "市民課の窓口受付時間は", "午前8時30分から午後5時15分まで", "業務委託契約の見積書を",
        "下記のとおり提出いたします", "個人情報の取扱いに関しては", "情報セキュリティポリシーに基づき", "関係部署と協議のうえ",
        "適切に対応してまいります", "なお、詳細は別紙をご参照ください", "地域包括支援センターの運営", "防災訓練の実施日程",
        "子育て支援に関するアンケート結果", "固定資産税の納税通知書", "道路維持補修工事の進捗状況", "高齢者福祉サービスの利用者数",
        "会議録の作成にあたっては", "前年度と比較して", "約一割増加しております", "今後の課題として"
    };

    private BenchPdf() {}

    /** The corpus: {@code count} PDFs and their total page count. */
    record Corpus(List<Path> files, int pages, long bytes) {}

    static Corpus japaneseReports(Path work, int count) throws Exception {
        Path html = Files.createDirectories(work.resolve("html"));
        Path pdf = Files.createDirectories(work.resolve("pdf"));
        SplittableRandom random = new SplittableRandom();
        List<String> command = new ArrayList<>(List.of(
                "soffice",
                "-env:UserInstallation=file://" + work.resolve("lo-profile").toAbsolutePath(),
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                pdf.toString()));
        for (int i = 0; i < count; i++) {
            Path chart = html.resolve("chart" + i + ".png");
            ImageIO.write(chart(random), "png", chart.toFile());
            Path page = html.resolve("houkoku" + i + ".html");
            Files.writeString(page, report(i, chart.getFileName().toString(), random));
            command.add(page.toString());
        }
        BenchProcesses.run(command);
        List<Path> files = new ArrayList<>();
        int pages = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Path f = pdf.resolve("houkoku" + i + ".pdf");
            try (PDDocument doc = Loader.loadPDF(f.toFile())) {
                pages += doc.getNumberOfPages();
            }
            bytes += Files.size(f);
            files.add(f);
        }
        return new Corpus(List.copyOf(files), pages, bytes);
    }

    private static String report(int n, String chart, SplittableRandom random) {
        StringBuilder s = new StringBuilder("<html><head><meta charset=\"utf-8\"><title>報告書</title></head><body>");
        s.append("<h1>業務報告書 第").append(n).append("号</h1>");
        for (int section = 1; section <= 6; section++) {
            s.append("<h2>")
                    .append(section)
                    .append(". ")
                    .append(PHRASES[random.nextInt(PHRASES.length)])
                    .append("</h2>");
            for (int p = 0; p < 4; p++) {
                s.append("<p>");
                for (int k = 0; k < 12; k++) {
                    s.append(PHRASES[random.nextInt(PHRASES.length)]).append(k % 3 == 2 ? "。" : "、");
                }
                s.append("</p>");
            }
            if (section == 3) {
                s.append("<p><img src=\"").append(chart).append("\" width=\"480\" height=\"240\"></p>");
                s.append("<table border=\"1\"><tr><th>項目</th><th>件数</th><th>金額（円）</th></tr>");
                for (int row = 0; row < 8; row++) {
                    s.append("<tr><td>")
                            .append(PHRASES[random.nextInt(PHRASES.length)])
                            .append("</td><td>")
                            .append(random.nextInt(1000))
                            .append("</td><td>")
                            .append(random.nextInt(10_000_000))
                            .append("</td></tr>");
                }
                s.append("</table>");
            }
        }
        return s.append("</body></html>").toString();
    }

    private static BufferedImage chart(SplittableRandom random) {
        BufferedImage image = new BufferedImage(480, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 480, 240);
        for (int bar = 0; bar < 12; bar++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            int h = 20 + random.nextInt(200);
            g.fillRect(10 + bar * 38, 235 - h, 30, h);
        }
        g.dispose();
        return image;
    }

    static void runPixel(Path work, int pairs) throws Exception {
        Corpus corpus = japaneseReports(work, 12);
        Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
        BenchMain.Trial pixelRoundTrip = i -> {
            Path out = Files.createDirectories(work.resolve("pixel" + i));
            long t = System.nanoTime();
            for (Path f : corpus.files()) {
                String stem = out.resolve(f.getFileName().toString().replace(".pdf", ""))
                        .toString();
                BenchProcesses.run(List.of("pdftoppm", "-r", "150", "-png", f.toString(), stem));
                List<String> img2pdf = new ArrayList<>(List.of("img2pdf", "-o", stem + "-flat.pdf"));
                try (var pngs = Files.list(out)) {
                    pngs.map(Path::toString)
                            .filter(p -> p.startsWith(stem + "-") && p.endsWith(".png"))
                            .sorted()
                            .forEach(img2pdf::add);
                }
                BenchProcesses.run(img2pdf);
            }
            double perSecond = corpus.pages() / ((System.nanoTime() - t) / 1e9);
            BenchProcesses.deleteTree(out);
            return perSecond;
        };
        Map<String, String> notes = Map.of(
                "corpus",
                corpus.files().size() + " Japanese reports written by LibreOffice, " + corpus.pages() + " pages, "
                        + (corpus.bytes() >> 10) + " KiB",
                "peer",
                "pdftoppm -r 150 -png, then img2pdf (poppler-utils and img2pdf from Debian), per file");
        BenchMain.compare(
                "B-CDR-PIXEL",
                "PDF rebuild (PDFBox, verified; warm JVM)",
                "pixel round trip",
                "pages/s",
                pairs,
                i -> disarmAll(sanitizer, corpus, work.resolve("rebuild" + i), Profile.REBUILD),
                pixelRoundTrip,
                notes);
        BenchMain.compare(
                "B-CDR-PIXEL-FLATTEN",
                "our flatten profile (PDFBox render at 150 dpi, JPEG pages; warm JVM)",
                "pixel round trip",
                "pages/s",
                pairs,
                i -> disarmAll(sanitizer, corpus, work.resolve("flatten" + i), Profile.FLATTEN),
                pixelRoundTrip,
                notes);
    }

    private static double disarmAll(Sanitizer sanitizer, Corpus corpus, Path out, Profile profile) throws Exception {
        Files.createDirectories(out);
        long t = System.nanoTime();
        for (Path f : corpus.files()) {
            DisarmResult r = sanitizer.disarm(
                    f, sanitizer.detect(f, f.getFileName().toString()), out, DisarmOptions.ladder(List.of(profile)));
            if (!(r instanceof DisarmResult.Disarmed)) {
                throw new IllegalStateException(f + " was refused: " + r);
            }
        }
        double perSecond = corpus.pages() / ((System.nanoTime() - t) / 1e9);
        BenchProcesses.deleteTree(out);
        return perSecond;
    }

    static void runExtract(Path work, int pairs) throws Exception {
        Corpus source = japaneseReports(work, 12);
        Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
        Path rebuilt = Files.createDirectories(work.resolve("rebuilt"));
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        for (Path f : source.files()) {
            DisarmResult r =
                    sanitizer.disarm(f, sanitizer.detect(f, f.getFileName().toString()), rebuilt);
            if (!(r instanceof DisarmResult.Disarmed d)) {
                throw new IllegalStateException(f + " was refused: " + r);
            }
            files.add(d.output());
            bytes += Files.size(d.output());
        }
        double worst = 1.0;
        double sum = 0;
        for (Path f : files) {
            double agreement = TextSimilarity.of(sanitizer.extractText(f, "application/pdf"), pdftotext(f));
            worst = Math.min(worst, agreement);
            sum += agreement;
        }
        long total = bytes;
        BenchMain.compare(
                "B-EXTRACT",
                "TextExtractor (PDFBox through Tika; warm JVM)",
                "pdftotext -enc UTF-8 (poppler-utils, one process per file)",
                "MB/s",
                pairs,
                i -> {
                    long t = System.nanoTime();
                    long chars = 0;
                    for (Path f : files) {
                        chars += sanitizer.extractText(f, "application/pdf").length();
                    }
                    if (chars == 0) {
                        throw new IllegalStateException("no text extracted");
                    }
                    return total / 1e6 / ((System.nanoTime() - t) / 1e9);
                },
                i -> {
                    long t = System.nanoTime();
                    for (Path f : files) {
                        pdftotext(f);
                    }
                    return total / 1e6 / ((System.nanoTime() - t) / 1e9);
                },
                Map.of(
                        "corpus",
                        files.size() + " rebuilt Japanese reports, " + source.pages() + " pages, " + (total >> 10)
                                + " KiB",
                        "agreement_mean",
                        String.format("%.4f", sum / files.size()),
                        "agreement_min",
                        String.format("%.4f", worst),
                        "agreement",
                        "Dice coefficient of character bigrams, whitespace ignored"));
    }

    private static String pdftotext(Path pdf) throws Exception {
        return BenchProcesses.run(List.of("pdftotext", "-q", "-enc", "UTF-8", pdf.toString(), "-"));
    }
}
