package jp.kakehashi.policies.imports;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * The declared layout of one kind of import data (取り込みデータの定義).
 *
 * @param id cited in decisions and audit records
 * @param fileNames glob patterns ({@code jumin-*.csv}) the file's name must match
 * @param header for CSV, whether the first row names the columns (checked, and written again)
 * @param delimiter for CSV, the separator
 * @param maxRows the most data rows accepted
 */
public record ImportSchema(
        String id,
        String description,
        List<String> fileNames,
        ImportFormat format,
        Charset encoding,
        boolean header,
        char delimiter,
        int maxRows,
        List<ImportColumn> columns) {
    public ImportSchema {
        requireNonNull(id, "id");
        requireNonNull(description, "description");
        fileNames = List.copyOf(fileNames);
        requireNonNull(format, "format");
        requireNonNull(encoding, "encoding");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("an import layout needs at least one column");
        }
    }

    /** Whether a file of this name is this kind of import data. */
    public boolean matchesName(String fileName) {
        for (String glob : fileNames) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            if (m.matches(Path.of(fileName))) {
                return true;
            }
        }
        return false;
    }

    /** The length in bytes of one fixed-width record (without its line end). */
    public int recordWidth() {
        return columns.stream().mapToInt(ImportColumn::width).sum();
    }
}
