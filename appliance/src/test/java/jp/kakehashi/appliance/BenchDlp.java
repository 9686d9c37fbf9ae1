package jp.kakehashi.appliance;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import jp.kakehashi.policies.dlp.CheckDigits;
import jp.kakehashi.policies.dlp.DlpFinding;
import jp.kakehashi.policies.dlp.DlpRules;
import jp.kakehashi.policies.dlp.DlpScanner;

/**
 * B-DLP: the 個人番号 detector (context mode, check digit, full-width and spaced forms) on 100 MB
 * of generated Japanese documents, against {@code grep -P -c} with an equivalent 12-digit pattern
 * and no checksum over the same file. Also prints the detector's precision and recall, strict and
 * context, on the documents it scanned (each generated with a known label).
 */
final class BenchDlp {
    private static final String[] LABELS = {"個人番号", "マイナンバー", "個人番号（マイナンバー）", "ﾏｲﾅﾝﾊﾞｰ"};
    private static final String[] OTHER_LABELS = {"受付番号", "口座番号", "伝票番号", "管理番号", "お客様番号"};
    private static final String FILLER =
            "本市では、令和八年度の事業計画に基づき、住民サービスの向上と業務の効率化を進めています。" + "担当課との協議の結果、次回の会議は第三会議室で開催します。資料は前日までに共有フォルダへ保存してください。\n";
    /** Documents are separated by a form feed; each is scanned on its own, as the pipeline scans one file's text. */
    private static final char SEPARATOR = '\f';

    private BenchDlp() {}

    static void run(Path work, int pairs) throws Exception {
        Path text = work.resolve("documents.txt");
        List<Boolean> labels = generate(text, 100L << 20, new SplittableRandom(20261124));
        long bytes = Files.size(text);
        DlpScanner context =
                new DlpScanner(new DlpRules(DlpRules.MyNumberMode.CONTEXT, false, false, List.of(), List.of()));
        DlpScanner strict =
                new DlpScanner(new DlpRules(DlpRules.MyNumberMode.STRICT, false, false, List.of(), List.of()));
        int[] strictTally = new int[4];
        int[] contextTally = new int[4];
        List<String> documents = documents(text);
        for (int i = 0; i < documents.size(); i++) {
            tally(strictTally, labels.get(i), found(strict.scan(documents.get(i))));
            tally(contextTally, labels.get(i), found(context.scan(documents.get(i))));
        }
        // The pipeline hands DLP text already extracted into memory; the subject below also reads and
        // decodes the file, as grep reads it. The scan alone is reported beside it.
        double scanOnly = 0;
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            for (String d : documents) {
                context.scan(d);
            }
            scanOnly = Math.max(scanOnly, bytes / 1e6 / ((System.nanoTime() - t) / 1e9));
        }
        String regex = "(?<![0-9])[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])";
        BenchMain.compare(
                "B-DLP",
                "DlpScanner, my-number context mode (reads the file, scans each document)",
                "LC_ALL=C grep -P -c (12 digits, 4-4-4 groups allowed, no checksum, no context)",
                "MB/s",
                pairs,
                i -> {
                    long t = System.nanoTime();
                    int hits = 0;
                    for (String d : documents(text)) {
                        hits += context.scan(d).size();
                    }
                    if (hits == 0) {
                        throw new IllegalStateException("the detector found nothing");
                    }
                    return bytes / 1e6 / ((System.nanoTime() - t) / 1e9);
                },
                i -> {
                    long t = System.nanoTime();
                    BenchProcesses.run(List.of("env", "LC_ALL=C", "grep", "-P", "-c", regex, text.toString()));
                    return bytes / 1e6 / ((System.nanoTime() - t) / 1e9);
                },
                Map.of(
                        "scan_only",
                        String.format("%.0f MB/s on the documents already in memory (best of 3)", scanOnly),
                        "corpus",
                        String.format(
                                "%d documents, %.0f MB UTF-8, %d with a labelled 個人番号 (half of them full-width"
                                        + " and spaced), the rest with a random 12-digit number under another label",
                                documents.size(),
                                bytes / 1e6,
                                labels.stream().filter(b -> b).count()),
                        "precision_recall",
                        String.format(
                                "strict precision %.3f recall %.3f; context precision %.3f recall %.3f",
                                precision(strictTally),
                                recall(strictTally),
                                precision(contextTally),
                                recall(contextTally))));
    }

    /** Writes documents of about 64 KB until the file has {@code size} bytes; returns each one's label. */
    private static List<Boolean> generate(Path file, long size, SplittableRandom random) throws Exception {
        List<Boolean> labels = new ArrayList<>();
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < size) {
                boolean positive = random.nextInt(4) == 0;
                StringBuilder d = new StringBuilder();
                while (d.length() < 20_000) {
                    d.append(FILLER);
                    d.append("受付日 2026-")
                            .append(1 + random.nextInt(12))
                            .append("-")
                            .append(1 + random.nextInt(28));
                    d.append(" 金額 ").append(random.nextInt(10_000_000)).append("円\n");
                }
                String number;
                if (positive) {
                    String n = myNumber(random);
                    number = LABELS[random.nextInt(LABELS.length)] + "："
                            + (random.nextBoolean()
                                    ? n
                                    : fullWidth(n.substring(0, 4) + " " + n.substring(4, 8) + " " + n.substring(8)));
                } else {
                    StringBuilder n = new StringBuilder();
                    for (int i = 0; i < 12; i++) {
                        n.append(random.nextInt(10));
                    }
                    number = OTHER_LABELS[random.nextInt(OTHER_LABELS.length)] + " " + n;
                }
                d.insert(
                        random.nextInt(d.length() / 2) / FILLER.length() * FILLER.length(),
                        "申請者 山田太郎 " + number + "\n");
                d.append(SEPARATOR);
                w.write(d.toString());
                written += d.toString().getBytes(StandardCharsets.UTF_8).length;
                labels.add(positive);
            }
        }
        return labels;
    }

    private static List<String> documents(Path file) throws Exception {
        String all = Files.readString(file);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int end = all.indexOf(SEPARATOR); end >= 0; end = all.indexOf(SEPARATOR, start)) {
            out.add(all.substring(start, end));
            start = end + 1;
        }
        return out;
    }

    private static String myNumber(SplittableRandom random) {
        StringBuilder n = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            n.append(random.nextInt(10));
        }
        return n.append(CheckDigits.myNumberCheckDigit(n + "0")).toString();
    }

    private static String fullWidth(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c >= '0' && c <= '9' ? (char) (c - '0' + '０') : c == ' ' ? '　' : (char) c));
        return out.toString();
    }

    private static boolean found(List<DlpFinding> findings) {
        return findings.stream().anyMatch(f -> f.detector().equals(DlpRules.MY_NUMBER));
    }

    private static void tally(int[] t, boolean positive, boolean found) {
        t[(positive ? 0 : 2) + (found ? 0 : 1)]++;
    }

    private static double precision(int[] t) {
        return t[0] + t[2] == 0 ? 1.0 : (double) t[0] / (t[0] + t[2]);
    }

    private static double recall(int[] t) {
        return t[0] + t[1] == 0 ? 1.0 : (double) t[0] / (t[0] + t[1]);
    }
}
