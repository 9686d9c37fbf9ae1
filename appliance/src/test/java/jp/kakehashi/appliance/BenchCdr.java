package jp.kakehashi.appliance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;

/**
 * B-CDR: a clean mixed corpus (docx, xlsx, pptx, pdf, png, jpeg; 10 of each) rebuilt by our
 * sanitizer in a warm JVM, against the common "disarm by converting with an office suite"
 * approach, {@code soffice --headless --convert-to pdf} on the same files in one process.
 */
final class BenchCdr {
    private BenchCdr() {}

    static void run(Path work, int pairs) throws Exception {
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, byte[]> e : HostileSpecimens.cleanCorpus(10).entrySet()) {
            Path f = corpus.resolve(e.getKey());
            Files.write(f, e.getValue());
            files.add(f);
            bytes += e.getValue().length;
        }
        Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
        int n = files.size();
        BenchMain.compare(
                "B-CDR",
                "Sanitizer detect+disarm+verify (warm JVM, in process)",
                "soffice --headless --convert-to pdf (one process per batch)",
                "files/s",
                pairs,
                i -> {
                    Path out = Files.createDirectories(work.resolve("s" + i));
                    long t = System.nanoTime();
                    for (Path f : files) {
                        DisarmResult r = sanitizer.disarm(
                                f, sanitizer.detect(f, f.getFileName().toString()), out);
                        if (!(r instanceof DisarmResult.Disarmed d)) {
                            throw new IllegalStateException(f + " was refused: " + r);
                        }
                        Files.delete(d.output());
                    }
                    double perSecond = n / ((System.nanoTime() - t) / 1e9);
                    BenchProcesses.deleteTree(out);
                    return perSecond;
                },
                i -> {
                    Path out = Files.createDirectories(work.resolve("p" + i));
                    List<String> command = new ArrayList<>(List.of(
                            "soffice",
                            "-env:UserInstallation=file://"
                                    + work.resolve("lo-profile").toAbsolutePath(),
                            "--headless",
                            "--norestore",
                            "--convert-to",
                            "pdf",
                            "--outdir",
                            out.toString()));
                    files.forEach(f -> command.add(f.toString()));
                    long t = System.nanoTime();
                    BenchProcesses.run(command);
                    double perSecond = n / ((System.nanoTime() - t) / 1e9);
                    BenchProcesses.deleteTree(out);
                    return perSecond;
                },
                Map.of(
                        "corpus",
                        n + " files, " + (bytes >> 10)
                                + " KiB: 10 each of docx, xlsx, pptx, pdf, png (800x600), jpeg (1600x1200)",
                        "peer",
                        "LibreOffice 7.4 from Debian, profile warmed by the warm-up pair"));
    }
}
