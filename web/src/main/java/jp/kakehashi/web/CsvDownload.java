package jp.kakehashi.web;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jp.kakehashi.web.pages.Pages;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV file for the officers' spreadsheets, in the encoding they choose ({@code ?encoding=}):
 * UTF-8 with a byte-order mark, which Excel as set up in most city offices reads as Japanese, or
 * CP932 (Shift_JIS) for older Excel and the tools that read nothing else.
 */
final class CsvDownload {
    /** Writes a file's rows. */
    interface Rows {
        void print(CSVPrinter csv) throws IOException;
    }

    enum Encoding {
        UTF8("utf-8", StandardCharsets.UTF_8),
        /** Characters CP932 lacks (rare kanji such as 𠮷, emoji) are written as '?'. */
        CP932("cp932", Charset.forName("windows-31j"));

        private final String word;
        private final Charset charset;

        Encoding(String word, Charset charset) {
            this.word = word;
            this.charset = charset;
        }

        /** The encoding a query asks for; UTF-8 when it names none. */
        static Optional<Encoding> of(String raw) {
            if (raw.isEmpty()) {
                return Optional.of(UTF8);
            }
            for (Encoding e : values()) {
                if (e.word.equalsIgnoreCase(raw) || (e == CP932 && raw.equalsIgnoreCase("shift_jis"))) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }

        byte[] encode(String text) {
            return (this == UTF8 ? "\uFEFF" + text : text).getBytes(charset);
        }

        String contentType() {
            return "text/csv; charset=" + (this == UTF8 ? "utf-8" : "Shift_JIS");
        }
    }

    private CsvDownload() {}

    /** Answers with the rows as {@code fileName}, or 400 with the reason when the encoding asked for is not one of ours. */
    static void send(Exchange x, String fileName, Rows rows) throws IOException {
        Optional<Encoding> encoding = Encoding.of(x.query("encoding"));
        if (encoding.isEmpty()) {
            x.html(
                    400,
                    Pages.error(x.view(), x.text().get("error.title"), x.text().get("csv.badencoding")));
            return;
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = CSVFormat.EXCEL.builder().get().print(out)) {
            rows.print(csv);
        }
        x.response().getHeaders().put("Content-Disposition", ContentDisposition.attachment(fileName));
        x.bytes(200, encoding.get().contentType(), encoding.get().encode(out.toString()));
    }
}
