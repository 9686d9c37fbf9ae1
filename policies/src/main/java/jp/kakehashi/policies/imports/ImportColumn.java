package jp.kakehashi.policies.imports;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.policies.dlp.CheckDigits;

/**
 * One column of an import layout.
 *
 * @param maxLength for text, the most characters allowed (0: no limit beyond the width)
 * @param length for digits, the exact number of digits (0: any)
 * @param width for fixed-width files, the column's width in bytes of the layout's encoding
 * @param values for codes, the values allowed
 * @param dateFormat for dates, a pattern such as {@code yyyy-MM-dd} or {@code yyyyMMdd}
 * @param required whether an empty value is refused
 */
public record ImportColumn(
        String name,
        ColumnType type,
        int maxLength,
        int length,
        int width,
        List<String> values,
        String dateFormat,
        boolean required) {
    public ImportColumn {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        values = List.copyOf(values);
        requireNonNull(dateFormat, "dateFormat");
    }

    /**
     * What is wrong with one value (already stripped of fixed-width padding), or empty when it
     * is acceptable: the words an import officer reads, in Japanese and English.
     */
    public Optional<String> problem(String value) {
        if (value.isEmpty()) {
            return required ? Optional.of("値がありません / a value is required") : Optional.empty();
        }
        return switch (type) {
            case TEXT -> {
                if (value.codePoints().anyMatch(Character::isISOControl)) {
                    yield Optional.of("制御文字は使えません / control characters are not allowed");
                }
                int chars = value.codePointCount(0, value.length());
                yield maxLength > 0 && chars > maxLength
                        ? Optional.of(maxLength + " 文字以内 / at most " + maxLength + " characters, found " + chars)
                        : Optional.empty();
            }
            case DIGITS -> {
                if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    yield Optional.of("半角数字のみ / digits only");
                }
                yield length > 0 && value.length() != length
                        ? Optional.of(length + " 桁 / exactly " + length + " digits, found " + value.length())
                        : Optional.empty();
            }
            case INTEGER ->
                value.matches("[+-]?[0-9]{1,18}") ? Optional.empty() : Optional.of("整数 / a whole number such as 42");
            case DATE -> {
                try {
                    LocalDate.parse(
                            value,
                            DateTimeFormatter.ofPattern(dateFormat.replace("yyyy", "uuuu"))
                                    .withResolverStyle(ResolverStyle.STRICT));
                    yield Optional.empty();
                } catch (DateTimeParseException e) {
                    yield Optional.of("日付 (" + dateFormat + ") / a date such as "
                            + LocalDate.of(2026, 4, 1)
                                    .format(DateTimeFormatter.ofPattern(dateFormat.replace("yyyy", "uuuu"))));
                }
            }
            case MY_NUMBER ->
                CheckDigits.isMyNumber(value)
                        ? Optional.empty()
                        : Optional.of(
                                "12 桁の個人番号 (検査用数字が正しいもの) / a 12-digit Individual Number with a valid check digit");
            case CODE ->
                values.contains(value) ? Optional.empty() : Optional.of("次のいずれか / one of " + String.join(", ", values));
        };
    }
}
