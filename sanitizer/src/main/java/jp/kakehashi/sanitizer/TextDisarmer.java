package jp.kakehashi.sanitizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Plain text and CSV/TSV. The sender's bytes and encoding (often CP932, which Japanese Excel
 * expects) are kept; text with NUL bytes is not text and is refused. In CSV and TSV, cells a
 * spreadsheet would run as a formula are neutralised ({@link CsvNeutralizer}) and counted in the
 * report.
 */
final class TextDisarmer implements Disarmer {
    private static final Set<String> TYPES = Set.of("text/plain", "text/csv", "text/tab-separated-values");
    private static final Charset ISO_2022_JP = Charset.forName("ISO-2022-JP");

    @Override
    public boolean handles(String mediaType) {
        return TYPES.contains(mediaType);
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        Scan scan = scan(input);
        if (scan.nul()) {
            return new DisarmResult.Refused(Reason.of(ReasonCode.MALFORMED, "text contains NUL bytes"));
        }
        String extension = detection.declaredExtension().isEmpty()
                        || !TypeAliases.sameFamily(".txt", detection.declaredExtension())
                ? ".txt"
                : detection.declaredExtension();
        boolean csv = detection.mediaType().equals("text/csv") || extension.equals(".csv");
        boolean tsv = detection.mediaType().equals("text/tab-separated-values") || extension.equals(".tsv");
        if (!csv && !tsv) {
            Files.copy(input, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new DisarmResult.Disarmed(output, detection.mediaType(), extension, List.of());
        }
        int delimiter = tsv ? '\t' : ',';
        int neutralised =
                scan.escape() ? neutraliseChars(input, output, delimiter) : neutraliseBytes(input, output, delimiter);
        List<Removal> removals = neutralised == 0
                ? List.of()
                : List.of(new Removal("formula", "spreadsheet formulas made inert with a leading '", neutralised));
        return new DisarmResult.Disarmed(output, tsv ? "text/tab-separated-values" : "text/csv", extension, removals);
    }

    private record Scan(boolean nul, boolean escape) {}

    private static Scan scan(Path input) throws IOException {
        boolean escape = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(input)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0) {
                        return new Scan(true, escape);
                    }
                    escape |= buffer[i] == 0x1b;
                }
            }
        }
        return new Scan(false, escape);
    }

    private static int neutraliseBytes(Path input, Path output, int delimiter) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 64 * 1024);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 64 * 1024)) {
            return CsvNeutralizer.neutralize(in::read, out::write, delimiter);
        }
    }

    /** ISO-2022-JP (a stateful 7-bit encoding whose kanji reuse ASCII bytes) is neutralised as characters. */
    private static int neutraliseChars(Path input, Path output, int delimiter) throws IOException {
        try (Reader in = new BufferedReader(new InputStreamReader(Files.newInputStream(input), ISO_2022_JP));
                Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output), ISO_2022_JP))) {
            return CsvNeutralizer.neutralize(in::read, out::write, delimiter);
        }
    }
}
