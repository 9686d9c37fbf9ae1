package jp.kakehashi.policies;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kakehashi.policies.imports.ColumnType;
import jp.kakehashi.policies.imports.ImportColumn;
import jp.kakehashi.policies.imports.ImportFormat;
import jp.kakehashi.policies.imports.ImportSchema;

/** Reads the {@code imports:} section of a policy file: one layout per kind of My Number import data. */
final class ImportLayouts {
    /** The encodings import data may use, by the names municipal systems give them. */
    private static final Map<String, Charset> ENCODINGS = Map.of(
            "CP932", Charset.forName("windows-31j"),
            "SHIFT_JIS", Charset.forName("windows-31j"),
            "UTF-8", StandardCharsets.UTF_8,
            "EUC-JP", Charset.forName("EUC-JP"));

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private ImportLayouts() {}

    static ImportSchema read(YamlSection s) {
        String id = s.requiredString("id");
        if (!ID.matcher(id).matches()) {
            throw s.error("id", "expected lower-case letters, digits and '-', such as jumin-ido");
        }
        String description = s.string("description", "");
        List<String> fileNames = s.strings("file-names");
        if (fileNames.isEmpty()) {
            throw s.error(
                    "file-names", "is required: the file names this layout applies to, such as [\"jumin-*.csv\"]");
        }
        ImportFormat format = PolicyLoader.word(s, "format", ImportFormat.values(), null);
        String encodingName = s.string("encoding", "UTF-8");
        Charset encoding = ENCODINGS.get(encodingName.toUpperCase(Locale.ROOT));
        if (encoding == null) {
            throw s.error("encoding", "expected one of CP932, Shift_JIS, UTF-8, EUC-JP, was '" + encodingName + "'");
        }
        boolean header = format == ImportFormat.CSV && s.bool("header", true);
        String delimiter = format == ImportFormat.CSV ? s.string("delimiter", ",") : ",";
        if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n")) {
            throw s.error("delimiter", "expected one character such as , or a tab");
        }
        int maxRows = s.integer("max-rows", 1_000_000, 1, 100_000_000);
        List<ImportColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlSection c : s.sections("columns")) {
            ImportColumn column = column(c, format);
            if (!names.add(column.name())) {
                throw c.error("name", "'" + column.name() + "' names two columns");
            }
            columns.add(column);
        }
        if (columns.isEmpty()) {
            throw s.error("columns", "is required: at least one column (name, type)");
        }
        s.finish();
        return new ImportSchema(
                id, description, fileNames, format, encoding, header, delimiter.charAt(0), maxRows, columns);
    }

    private static ImportColumn column(YamlSection c, ImportFormat format) {
        String name = c.requiredString("name");
        ColumnType type = PolicyLoader.word(c, "type", ColumnType.values(), null);
        int maxLength = type == ColumnType.TEXT ? c.integer("max-length", 0, 0, 65_536) : 0;
        int length = type == ColumnType.DIGITS ? c.integer("length", 0, 0, 64) : 0;
        int width = format == ImportFormat.FIXED_WIDTH ? c.integer("width", 0, 1, 65_536) : 0;
        if (format == ImportFormat.FIXED_WIDTH && !c.has("width")) {
            throw c.error("width", "is required in a fixed-width layout: the column's width in bytes");
        }
        List<String> values = type == ColumnType.CODE ? c.strings("values") : List.of();
        if (type == ColumnType.CODE && values.isEmpty()) {
            throw c.error("values", "is required for a code column: the values allowed");
        }
        String dateFormat = type == ColumnType.DATE ? c.string("date-format", "yyyy-MM-dd") : "";
        if (type == ColumnType.DATE) {
            try {
                // A pattern that formats a date to no digit at all (e.g. only text) is not a date.
                String sample = LocalDate.of(2026, 4, 1).format(DateTimeFormatter.ofPattern(dateFormat));
                if (sample.chars().noneMatch(Character::isDigit)) {
                    throw new IllegalArgumentException(dateFormat);
                }
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw c.error("date-format", "expected a pattern such as yyyy-MM-dd or yyyyMMdd");
            }
        }
        boolean required = c.bool("required", true);
        c.finish();
        return new ImportColumn(name, type, maxLength, length, width, values, dateFormat, required);
    }
}
