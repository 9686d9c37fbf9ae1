package jp.kakehashi.web.pages;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The span a report covers: a calendar month, or a 年度 (the fiscal year, April to March) as a
 * municipality budgets and reports. Titles may be in 和暦 (令和8年度), as many committees expect.
 *
 * @param first the first month of the span
 * @param fiscalYear a 年度 (twelve months from April) rather than one month
 */
public record ReportPeriod(YearMonth first, boolean fiscalYear) {
    public ReportPeriod {
        requireNonNull(first, "first");
        if (fiscalYear && first.getMonth() != Month.APRIL) {
            throw new IllegalArgumentException("a 年度 starts in April, not " + first);
        }
    }

    public static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(month, false);
    }

    /** 年度 {@code year}: April {@code year} to March of the next year. */
    public static ReportPeriod fiscalYear(int year) {
        return new ReportPeriod(YearMonth.of(year, Month.APRIL), true);
    }

    /** The 年度 a day falls in (January to March belong to the year before). */
    public static int fiscalYearOf(LocalDate day) {
        return day.getMonthValue() >= 4 ? day.getYear() : day.getYear() - 1;
    }

    public YearMonth last() {
        return fiscalYear ? first.plusMonths(11) : first;
    }

    public LocalDate from() {
        return first.atDay(1);
    }

    public LocalDate to() {
        return last().atEndOfMonth();
    }

    /** The query string that asks for this period again: {@code month=2026-02} or {@code year=2026}. */
    public String query() {
        return queryKey() + "=" + queryValue();
    }

    /** The query parameter that names this period: {@code month} or {@code year}. */
    public String queryKey() {
        return fiscalYear ? "year" : "month";
    }

    /** Its value: {@code 2026-02} or {@code 2026}. */
    public String queryValue() {
        return fiscalYear ? Integer.toString(first.getYear()) : first.toString();
    }

    /** A short name for files: {@code 2026-02} or {@code FY2026}. */
    public String fileStem() {
        return fiscalYear ? "FY" + first.getYear() : first.toString();
    }

    /** 2026年2月, 令和8年2月, 2026年度, 令和8年度; in English 2026-02 or FY2026 (2026-04 to 2027-03). */
    public String title(boolean english, boolean wareki) {
        if (english) {
            return fiscalYear ? "FY" + first.getYear() + " (" + first + " to " + last() + ")" : first.toString();
        }
        if (fiscalYear) {
            // A 年度 is named by the era of its April-to-December part: 2019年度 is 令和元年度, though April 2019 was 平成.
            return (wareki ? wareki(LocalDate.of(first.getYear(), 12, 31)) : first.getYear() + "年") + "度";
        }
        return (wareki ? wareki(first.atDay(1)) : first.getYear() + "年") + first.getMonthValue() + "月";
    }

    /** 令和8年, with 元年 for an era's first year. */
    static String wareki(LocalDate day) {
        JapaneseDate date = JapaneseDate.from(day);
        JapaneseEra era = date.getEra();
        int year = date.get(ChronoField.YEAR_OF_ERA);
        return era.getDisplayName(TextStyle.FULL, Locale.JAPANESE) + (year == 1 ? "元" : Integer.toString(year)) + "年";
    }
}
