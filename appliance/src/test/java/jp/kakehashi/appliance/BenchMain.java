package jp.kakehashi.appliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kakehashi bench NAME}: the benchmarks of {@code ../shared/BENCHMARKS.md}. Each runs its
 * subject and a peer in the same run, alternating (ABAB) after a warm-up pair, and prints one JSON
 * line per pair and a summary; a ratio above 1 means Kakehashi is faster. Benchmarks start peer
 * processes (OpenSSH, dd, clamdscan), so they live with the tests, outside the daemon's code,
 * where DESIGN §7 forbids starting processes.
 *
 * <pre>
 * kakehashi bench crypto          B-CRYPTO: BlobStore.put of 1 GiB vs dd conv=fsync of the plaintext
 * kakehashi bench sftp-up         B-SFTP-UP: our internet listener into RECEIVED vs OpenSSH sftp-server (aes128-gcm)
 * kakehashi bench sftp-up-chacha  the same with chacha20-poly1305
 * kakehashi bench sftp-up-raw     B-SFTP-UP-RAW: MINA's plain SFTP to a folder vs OpenSSH
 * kakehashi bench scan            B-SCAN: our clamd client vs clamdscan --stream on fresh files
 * kakehashi bench cdr             B-CDR: 60 clean office files and images, warm JVM vs soffice --convert-to pdf
 * kakehashi bench cdr-pixel       B-CDR-PIXEL: our PDF rebuild (and flatten) vs pdftoppm + img2pdf, pages/s
 * kakehashi bench detect          B-DETECT: Sanitizer.detect vs file --mime-type on 10,000 files
 * kakehashi bench extract         B-EXTRACT: our PDF text extraction vs pdftotext, MB/s and agreement
 * kakehashi bench cdr-worst       B-CDR-WORST: the costliest generated files, each in a fresh worker
 * kakehashi bench e2e             B-E2E: 50 x 1 MB docx, 4 SFTP senders; upload complete to published, per stage
 * kakehashi bench mem             B-MEM: 512 MiB through SFTP with the daemon at -Xmx128m; peak RSS, GC pause p99
 * kakehashi bench https-down      B-HTTPS-DOWN: a published file from the LGWAN portal vs nginx, TLS 1.3, curl
 * kakehashi bench https-up        B-HTTPS-UP: curl -T into RECEIVED vs nginx PUT + sync
 * kakehashi bench https-resume    B-HTTPS-RESUME: a tus upload resumed at 50 % vs the same file whole
 * kakehashi bench https-small     B-HTTPS-SMALL: wrk on a 1 KiB JSON list vs nginx static file, req/s and p99
 * kakehashi bench index           B-INDEX: generated Japanese documents, Kuromoji vs bigram vs StandardAnalyzer, docs/s
 * kakehashi bench query           B-QUERY: 1,000 queries, p50/p95, and precision/recall on a labelled set
 * kakehashi bench nrt             B-NRT: put to searchable, p95, against a 1 s reopen
 * kakehashi bench backup          B-BACKUP: full backup of --docs items (--size-mib in all) vs tar + sync; incremental, restore
 * </pre>
 *
 * Options: {@code --pairs N} (default 5), {@code --size-mib N} (default 1024), {@code --docs N} (default 100,000).
 */
public final class BenchMain {
    private BenchMain() {}

    /** One measurement; higher is better. */
    interface Trial {
        double run(int index) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(
                    "usage: kakehashi bench crypto|sftp-up|sftp-up-chacha|sftp-up-raw|scan|cdr|cdr-pixel|cdr-worst|detect|dlp|extract|e2e|mem|https-down|https-up|https-resume|https-small|index|query|nrt|backup|photos [--pairs N] [--size-mib N] [--docs N] [--files N]");
            System.exit(64);
        }
        int pairs = 5;
        long sizeMib = 1024;
        int docs = 100_000;
        int photos = 500;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[i + 1]);
                case "--size-mib" -> sizeMib = Long.parseLong(args[i + 1]);
                case "--docs" -> docs = Integer.parseInt(args[i + 1]);
                case "--files" -> photos = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(64);
                }
            }
        }
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/var/tmp")), "kakehashi-bench-");
        try {
            switch (args[0]) {
                case "crypto" -> BenchCrypto.run(work, sizeMib, pairs);
                case "sftp-up" -> BenchSftp.run(work, sizeMib, pairs, "aes128-gcm@openssh.com", false);
                case "sftp-up-chacha" -> BenchSftp.run(work, sizeMib, pairs, "chacha20-poly1305@openssh.com", false);
                case "sftp-up-raw" -> BenchSftp.run(work, sizeMib, pairs, "aes128-gcm@openssh.com", true);
                case "scan" -> BenchScan.run(work, pairs);
                case "cdr" -> BenchCdr.run(work, pairs);
                case "cdr-pixel" -> BenchPdf.runPixel(work, pairs);
                case "cdr-worst" -> BenchWorst.run(work);
                case "detect" -> BenchDetect.run(work, pairs);
                case "dlp" -> BenchDlp.run(work, pairs);
                case "extract" -> BenchPdf.runExtract(work, pairs);
                case "e2e" -> BenchE2e.run(work);
                case "mem" -> BenchMem.run(work);
                case "https-down" -> BenchHttps.down(work, sizeMib, pairs);
                case "https-up" -> BenchHttps.up(work, sizeMib, pairs);
                case "https-resume" -> BenchHttps.resume(work, sizeMib, pairs);
                case "https-small" -> BenchHttps.small(work, pairs);
                case "index" -> BenchSearch.index(work, docs, pairs);
                case "query" -> BenchSearch.query(work, docs);
                case "nrt" -> BenchSearch.nrt(work);
                case "backup" -> BenchBackup.run(work, sizeMib, docs, pairs);
                case "photos" -> BenchPhotos.run(work, photos, pairs);
                default -> {
                    System.err.println("unknown benchmark " + args[0]);
                    System.exit(64);
                }
            }
        } finally {
            BenchProcesses.deleteTree(work);
        }
        System.exit(0);
    }

    /** Runs a warm-up pair, then {@code pairs} ABAB pairs, printing each and the summary. */
    static void compare(
            String bench,
            String subject,
            String peer,
            String metric,
            int pairs,
            Trial a,
            Trial b,
            Map<String, String> notes)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        a.run(-1);
        b.run(-1);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            double s = a.run(i);
            double p = b.run(i);
            double ratio = s / p;
            ratios.add(ratio);
            ObjectNode line = json.createObjectNode()
                    .put("bench", bench)
                    .put("pair", i + 1)
                    .put("subject", subject)
                    .put("peer", peer)
                    .put("metric", metric)
                    .put("subject_value", round(s))
                    .put("peer_value", round(p))
                    .put("ratio", round(ratio));
            System.out.println(json.writeValueAsString(line));
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        double median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        ObjectNode summary = json.createObjectNode()
                .put("bench", bench)
                .put("subject", subject)
                .put("peer", peer)
                .put("metric", metric)
                .put("median_ratio", round(median))
                .put("min_ratio", round(sorted.get(0)))
                .put("max_ratio", round(sorted.get(sorted.size() - 1)))
                .put("pairs", pairs)
                .put("cpu", BenchProcesses.cpuModel())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        ObjectNode n = summary.putObject("notes");
        notes.forEach(n::put);
        System.out.println(json.writeValueAsString(summary));
    }

    /** Prints an absolute result (no peer), with the machine it ran on. */
    static void report(String bench, Map<String, String> values) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode line = json.createObjectNode()
                .put("bench", bench)
                .put("cpu", BenchProcesses.cpuModel())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        values.forEach(line::put);
        System.out.println(json.writeValueAsString(line));
    }

    static double mibPerSecond(long bytes, long nanos) {
        return (bytes / 1048576.0) / (nanos / 1e9);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
