package jp.kakehashi.appliance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;

/**
 * B-DETECT: our type detection (Tika's detector chain, container inspection included) on 10,000
 * small files of thirteen types, against libmagic's {@code file --mime-type -b} given the whole
 * batch in one process.
 */
final class BenchDetect {
    private BenchDetect() {}

    static void run(Path work, int pairs) throws Exception {
        Path corpus = Files.createDirectories(work.resolve("mixed"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : HostileSpecimens.mixedCorpus(10_000).entrySet()) {
            Path f = corpus.resolve(e.getKey());
            Files.write(f, e.getValue());
            files.add(f);
        }
        Path list = Files.write(
                work.resolve("files.txt"), files.stream().map(Path::toString).toList());
        Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
        int n = files.size();
        BenchMain.compare(
                "B-DETECT",
                "Sanitizer.detect (Tika detector chain, in process)",
                "file --mime-type -b -f LIST (libmagic, one process per batch)",
                "files/s",
                pairs,
                i -> {
                    long t = System.nanoTime();
                    int octetStreams = 0;
                    for (Path f : files) {
                        if (sanitizer
                                .detect(f, f.getFileName().toString())
                                .mediaType()
                                .equals("application/octet-stream")) {
                            octetStreams++;
                        }
                    }
                    if (octetStreams > 0) {
                        throw new IllegalStateException(octetStreams + " files were not recognised");
                    }
                    return n / ((System.nanoTime() - t) / 1e9);
                },
                i -> {
                    long t = System.nanoTime();
                    BenchProcesses.run(List.of("file", "--mime-type", "-b", "-f", list.toString()));
                    return n / ((System.nanoTime() - t) / 1e9);
                },
                Map.of(
                        "corpus",
                        n + " files: docx, xlsx, odt, pdf, png, jpeg, gif, zip, eml, html, rtf, csv, txt in turn"));
    }
}
