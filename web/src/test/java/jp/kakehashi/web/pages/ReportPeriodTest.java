package jp.kakehashi.web.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class ReportPeriodTest {
    @Test
    void aFiscalYearIsAprilToMarchAndJanuaryBelongsToTheYearBefore() {
        ReportPeriod fy = ReportPeriod.fiscalYear(2026);
        assertThat(fy.from()).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(fy.to()).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(fy.query()).isEqualTo("year=2026");
        assertThat(fy.fileStem()).isEqualTo("FY2026");
        assertThat(ReportPeriod.fiscalYearOf(LocalDate.of(2027, 3, 31))).isEqualTo(2026);
        assertThat(ReportPeriod.fiscalYearOf(LocalDate.of(2027, 4, 1))).isEqualTo(2027);
        assertThatThrownBy(() -> new ReportPeriod(YearMonth.of(2026, 1), true)).hasMessageContaining("April");
    }

    @Test
    void titlesInWesternYearsTheJapaneseEraAndEnglish() {
        assertThat(ReportPeriod.month(YearMonth.of(2026, 2)).title(false, false))
                .isEqualTo("2026年2月");
        assertThat(ReportPeriod.month(YearMonth.of(2026, 2)).title(false, true)).isEqualTo("令和8年2月");
        assertThat(ReportPeriod.month(YearMonth.of(2026, 2)).title(true, true)).isEqualTo("2026-02");
        assertThat(ReportPeriod.fiscalYear(2026).title(false, true)).isEqualTo("令和8年度");
        assertThat(ReportPeriod.fiscalYear(2026).title(true, false)).isEqualTo("FY2026 (2026-04 to 2027-03)");
    }

    @Test
    void theEraChangeOf2019IsNamedAsTheGovernmentNamedIt() {
        // April 2019 was still 平成; the 年度 that began then is called 令和元年度.
        assertThat(ReportPeriod.month(YearMonth.of(2019, 4)).title(false, true)).isEqualTo("平成31年4月");
        assertThat(ReportPeriod.month(YearMonth.of(2019, 5)).title(false, true)).isEqualTo("令和元年5月");
        assertThat(ReportPeriod.fiscalYear(2019).title(false, true)).isEqualTo("令和元年度");
        assertThat(ReportPeriod.fiscalYear(2020).title(false, true)).isEqualTo("令和2年度");
    }
}
