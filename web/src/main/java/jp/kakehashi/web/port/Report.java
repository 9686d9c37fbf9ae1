package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Files and approvals over a span of JST days, counted by the day each file was received.
 *
 * @param days files received per day and flow, every day of the span present (zero when none)
 * @param flows the totals of each flow
 * @param stopped files that did not cross, by reason, most frequent first
 * @param medianToPublication from receipt to delivery, over the files delivered; empty when none
 * @param p90ToPublication nine in ten files were delivered within this
 */
public record Report(
        LocalDate from,
        LocalDate to,
        List<Day> days,
        List<Flow> flows,
        List<Reason> stopped,
        Optional<Duration> medianToPublication,
        Optional<Duration> p90ToPublication,
        Approvals approvals) {
    public Report {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        days = List.copyOf(days);
        flows = List.copyOf(flows);
        stopped = List.copyOf(stopped);
        requireNonNull(medianToPublication, "medianToPublication");
        requireNonNull(p90ToPublication, "p90ToPublication");
        requireNonNull(approvals, "approvals");
    }

    /** The directions a file crosses in, in the order reports list them. */
    public enum Direction {
        INBOUND("取引先 → LGWAN（受け入れ）", "Partners → LGWAN (inbound)"),
        OUTBOUND("LGWAN → 取引先（送り出し）", "LGWAN → partners (outbound)"),
        TO_MYNUMBER("LGWAN → マイナンバー利用事務系", "LGWAN → My Number zone");

        private final String ja;
        private final String en;

        Direction(String ja, String en) {
            this.ja = ja;
            this.en = en;
        }

        public String ja() {
            return ja;
        }

        public String en() {
            return en;
        }
    }

    /** Files received on one day in one direction. */
    public record Day(LocalDate day, Direction direction, long received) {}

    /**
     * One direction's totals.
     *
     * @param stopped blocked, quarantined or rejected
     * @param waiting still being checked or awaiting approval
     */
    public record Flow(Direction direction, long received, long delivered, long stopped, long waiting) {}

    public record Reason(String code, String ja, String en, long count) {}

    /** Approval requests made in the span, by how they ended. */
    public record Approvals(long approved, long rejected, long expired, long pending) {}

    public long received() {
        return flows.stream().mapToLong(Flow::received).sum();
    }

    public long delivered() {
        return flows.stream().mapToLong(Flow::delivered).sum();
    }

    public long stoppedTotal() {
        return flows.stream().mapToLong(Flow::stopped).sum();
    }

    /** Files received on one day in one direction. */
    public long received(LocalDate day, Direction direction) {
        return days.stream()
                .filter(d -> d.day().equals(day) && d.direction() == direction)
                .mapToLong(Day::received)
                .sum();
    }

    /** Every day of the span, first to last. */
    public List<LocalDate> dates() {
        return from.datesUntil(to.plusDays(1)).toList();
    }

    /** Files received in one month of the span in one direction. */
    public long received(YearMonth month, Direction direction) {
        return days.stream()
                .filter(d -> YearMonth.from(d.day()).equals(month) && d.direction() == direction)
                .mapToLong(Day::received)
                .sum();
    }

    /** Every month the span touches, first to last (a 年度's table has a row per month, not per day). */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }
}
