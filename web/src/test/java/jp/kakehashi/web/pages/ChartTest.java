package jp.kakehashi.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.web.port.Report;
import org.junit.jupiter.api.Test;

class ChartTest {
    @Test
    void axesUseRoundNumbers() {
        assertThat(Chart.niceCeiling(1)).isEqualTo(1);
        assertThat(Chart.niceCeiling(3)).isEqualTo(5);
        assertThat(Chart.niceCeiling(7)).isEqualTo(10);
        assertThat(Chart.niceCeiling(101)).isEqualTo(200);
    }

    @Test
    void barsStackOnTheirDayAndScaleToTheAxis() {
        LocalDate d = LocalDate.of(2026, 11, 24);
        Report r = new Report(
                d,
                d.plusDays(1),
                List.of(
                        new Report.Day(d, Report.Direction.INBOUND, 6),
                        new Report.Day(d, Report.Direction.OUTBOUND, 4),
                        new Report.Day(d.plusDays(1), Report.Direction.INBOUND, 0)),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                new Report.Approvals(0, 0, 0, 0));
        Chart c = Chart.daily(r, false);
        assertThat(c.bars()).hasSize(2);
        Chart.Bar in = c.bars().get(0);
        Chart.Bar out = c.bars().get(1);
        assertThat(in.height() + out.height()).as("10 of an axis of 10").isEqualTo(180);
        assertThat(out.y() + out.height()).as("stacked").isEqualTo(in.y());
        assertThat(in.title()).isEqualTo("11/24 取引先 → LGWAN（受け入れ）: 6");
        assertThat(c.labels()).extracting(Chart.Label::text).contains("10", "5", "0", "11/24", "11/25");
    }
}
