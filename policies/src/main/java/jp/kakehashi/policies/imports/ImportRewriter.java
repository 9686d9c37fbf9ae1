package jp.kakehashi.policies.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * Reads import data against its layout and writes it anew in the same layout and encoding (CRLF
 * line ends; CSV quoted only where needed; fixed-width fields re-encoded and padded). The first
 * row that does not fit stops everything with its row and column: a half-imported file is worse
 * than none.
 */
public final class ImportRewriter {
    /** The longest line accepted, in characters: a layout is rows of data, not documents. */
    static final int MAX_LINE = 64 * 1024;

    private ImportRewriter() {}

    /** Returns the number of data rows written. */
    public static long rewrite(ImportSchema schema, InputStream in, OutputStream out)
            throws IOException, ImportRefused {
        return switch (schema.format()) {
            case CSV -> csv(schema, in, out);
            case FIXED_WIDTH -> fixedWidth(schema, in, out);
        };
    }

    private static long csv(ImportSchema schema, InputStream in, OutputStream out) throws IOException, ImportRefused {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(schema.delimiter())
                .setRecordSeparator("\r\n")
                .setQuoteMode(QuoteMode.MINIMAL)
                .get();
        List<ImportColumn> columns = schema.columns();
        long rows = 0;
        long line = 0;
        try (CSVParser parser = CSVParser.builder()
                        .setReader(new InputStreamReader(in, markingDecoder(schema)))
                        .setFormat(format)
                        .get();
                Writer w = new OutputStreamWriter(out, strictEncoder(schema));
                CSVPrinter printer = new CSVPrinter(w, format)) {
            boolean first = true;
            for (CSVRecord record : parser) {
                line = record.getRecordNumber();
                if (record.size() != columns.size()) {
                    throw new ImportRefused(
                            line,
                            0,
                            "",
                            columns.size() + " 列のはずが " + record.size() + " 列 / expected " + columns.size()
                                    + " columns, found " + record.size());
                }
                if (first && schema.header()) {
                    first = false;
                    for (int i = 0; i < columns.size(); i++) {
                        checkEncoding(schema, columns.get(i), record.get(i), line, i + 1);
                        if (!record.get(i).strip().equals(columns.get(i).name())) {
                            throw new ImportRefused(
                                    line,
                                    i + 1,
                                    columns.get(i).name(),
                                    "見出しが定義と違います / the header must name the column '"
                                            + columns.get(i).name() + "'");
                        }
                    }
                    printer.printRecord(columns.stream().map(ImportColumn::name).toList());
                    continue;
                }
                first = false;
                List<String> values = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    String value = record.get(i);
                    if (value.length() > MAX_LINE) {
                        throw new ImportRefused(line, i + 1, columns.get(i).name(), "値が長すぎます / value too long");
                    }
                    checkEncoding(schema, columns.get(i), value, line, i + 1);
                    check(columns.get(i), value, line, i + 1);
                    values.add(value);
                }
                if (++rows > schema.maxRows()) {
                    throw new ImportRefused(line, 0, "", "行が多すぎます / more than " + schema.maxRows() + " rows");
                }
                printer.printRecord(values);
            }
        } catch (UncheckedIOException e) {
            // The parser's iterator wraps what went wrong while reading the next record.
            throw refused(schema, java.util.Objects.requireNonNull(e.getCause()), line + 1);
        } catch (CharacterCodingException | CSVException e) {
            throw refused(schema, e, line + 1);
        }
        return rows;
    }

    private static long fixedWidth(ImportSchema schema, InputStream in, OutputStream out)
            throws IOException, ImportRefused {
        // Latin-1 maps bytes to chars one to one, so widths count bytes whatever the encoding.
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(in, java.nio.charset.StandardCharsets.ISO_8859_1));
        CharsetDecoder decoder = strictDecoder(schema);
        CharsetEncoder encoder = strictEncoder(schema);
        int width = schema.recordWidth();
        long rows = 0;
        long line = 0;
        for (String raw = lines.readLine(); raw != null; raw = lines.readLine()) {
            line++;
            if (raw.length() != width) {
                throw new ImportRefused(
                        line,
                        0,
                        "",
                        width + " バイトのはずが " + raw.length() + " バイト / expected " + width + " bytes, found "
                                + raw.length());
            }
            int at = 0;
            for (int i = 0; i < schema.columns().size(); i++) {
                ImportColumn column = schema.columns().get(i);
                byte[] field =
                        raw.substring(at, at + column.width()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                at += column.width();
                String value;
                try {
                    value = decoder.decode(ByteBuffer.wrap(field)).toString();
                } catch (CharacterCodingException e) {
                    throw new ImportRefused(
                            line,
                            i + 1,
                            column.name(),
                            schema.encoding().name() + " として読めません (文字の途中で切れています) / not valid "
                                    + schema.encoding().name() + " (a character split by the column edge?)");
                }
                String stripped = value.stripTrailing();
                check(column, stripped, line, i + 1);
                ByteBuffer encoded = encoder.encode(CharBuffer.wrap(stripped));
                out.write(encoded.array(), encoded.arrayOffset(), encoded.remaining());
                for (int pad = encoded.remaining(); pad < column.width(); pad++) {
                    out.write(' ');
                }
            }
            out.write('\r');
            out.write('\n');
            if (++rows > schema.maxRows()) {
                throw new ImportRefused(line, 0, "", "行が多すぎます / more than " + schema.maxRows() + " rows");
            }
        }
        out.flush();
        return rows;
    }

    private static void check(ImportColumn column, String value, long line, int index) throws ImportRefused {
        var problem = column.problem(value);
        if (problem.isPresent()) {
            throw new ImportRefused(line, index, column.name(), problem.get());
        }
    }

    /**
     * Decodes bytes that are not valid in the encoding as U+FFFD, so that the row and column they
     * sit in can be named ({@link #checkEncoding}); a strict decoder fails a whole buffer ahead.
     */
    private static CharsetDecoder markingDecoder(ImportSchema schema) {
        return schema.encoding()
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    private static void checkEncoding(ImportSchema schema, ImportColumn column, String value, long line, int index)
            throws ImportRefused {
        if (value.indexOf('\uFFFD') >= 0) {
            throw new ImportRefused(
                    line,
                    index,
                    column.name(),
                    schema.encoding().name() + " として読めない文字があります / not valid "
                            + schema.encoding().name());
        }
    }

    private static CharsetDecoder strictDecoder(ImportSchema schema) {
        return schema.encoding()
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static CharsetEncoder strictEncoder(ImportSchema schema) {
        return schema.encoding()
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** A decoding or CSV syntax error becomes a refusal of that row; a failure to read stays an I/O error. */
    private static ImportRefused refused(ImportSchema schema, IOException e, long row) throws IOException {
        if (e instanceof CharacterCodingException) {
            return new ImportRefused(
                    row,
                    0,
                    "",
                    schema.encoding().name() + " として読めない文字があります / not valid "
                            + schema.encoding().name());
        }
        if (e instanceof CSVException) {
            return new ImportRefused(row, 0, "", "CSV の形式が正しくありません / malformed CSV: " + e.getMessage());
        }
        throw e;
    }
}
