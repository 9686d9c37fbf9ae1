package jp.kakehashi.web;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.kakehashi.web.pages.Format;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.pages.ReportPeriod;
import jp.kakehashi.web.pages.ReportTable;
import jp.kakehashi.web.port.Report;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.apache.commons.csv.CSVPrinter;

/**
 * The security officers' numbers: a dashboard of the last 30 days and the report they take to
 * their committee, for a month (月次報告) or a 年度 (April to March), printable and as CSV files of
 * one table each.
 */
final class StatisticsRoutes {
    static final int DASHBOARD_DAYS = 30;
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** Days and months as Excel reads them into date cells. */
    private static final DateTimeFormatter CSV_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);

    private static final DateTimeFormatter CSV_MONTH = DateTimeFormatter.ofPattern("yyyy/MM", Locale.ROOT);

    private final Ports ports;
    private final Clock clock;
    private final String municipality;

    StatisticsRoutes(Ports ports, Clock clock, String municipality) {
        this.ports = ports;
        this.clock = clock;
        this.municipality = municipality;
    }

    List<Route> routes() {
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> officers = EnumSet.of(Role.OFFICER);
        return List.of(
                new Route("GET", "/dashboard", lgwan, Route.Access.SIGNED_IN, officers, this::dashboard),
                new Route("GET", "/report", lgwan, Route.Access.SIGNED_IN, officers, this::report),
                new Route("GET", "/report.csv", lgwan, Route.Access.SIGNED_IN, officers, this::csv));
    }

    private void dashboard(Exchange x) {
        LocalDate today = LocalDate.now(clock.withZone(JST));
        Report r = ports.statistics().report(today.minusDays(DASHBOARD_DAYS - 1L), today);
        x.html(200, Pages.dashboard(x.view(), r));
    }

    private void report(Exchange x) {
        Optional<ReportPeriod> period = period(x);
        if (period.isEmpty()) {
            refuse(x);
            return;
        }
        x.html(
                200,
                Pages.report(
                        x.view(),
                        period.get(),
                        ports.statistics()
                                .report(period.get().from(), period.get().to()),
                        municipality,
                        wareki(x)));
    }

    private void csv(Exchange x) throws IOException {
        Optional<ReportPeriod> period = period(x);
        if (period.isEmpty()) {
            refuse(x);
            return;
        }
        Optional<ReportTable> table = ReportTable.of(x.query("table"));
        if (table.isEmpty()) {
            x.html(
                    400,
                    Pages.error(x.view(), x.text().get("error.title"), x.text().get("report.badtable")));
            return;
        }
        ReportPeriod p = period.get();
        Report r = ports.statistics().report(p.from(), p.to());
        boolean en = x.view().english();
        String name = (municipality.isEmpty() ? "" : municipality + "_")
                + (en ? "report" : p.fiscalYear() ? "年度報告" : "月次報告")
                + "_" + p.fileStem() + "_"
                + x.text().get("report.t." + table.get().word()) + ".csv";
        CsvDownload.send(x, name.replace(' ', '_'), csv -> {
            switch (table.get()) {
                case SUMMARY -> summary(csv, x, p, r, en);
                case FLOWS -> flows(csv, x, r, en);
                case REASONS -> reasons(csv, x, r, en);
                case DAYS -> counts(csv, x, p, r, en);
            }
        });
    }

    private void summary(CSVPrinter csv, Exchange x, ReportPeriod p, Report r, boolean en) throws IOException {
        csv.printRecord(x.text().get("report.item"), x.text().get("report.value"));
        if (!municipality.isEmpty()) {
            csv.printRecord(x.text().get("report.municipality"), municipality);
        }
        csv.printRecord(x.text().get(p.fiscalYear() ? "report.fiscal.title" : "report.title"), p.title(en, wareki(x)));
        csv.printRecord(x.text().get("report.periodcol"), CSV_DAY.format(p.from()) + " - " + CSV_DAY.format(p.to()));
        csv.printRecord(x.text().get("report.received"), r.received());
        csv.printRecord(x.text().get("report.delivered"), r.delivered());
        csv.printRecord(x.text().get("report.stopped"), r.stoppedTotal());
        csv.printRecord(
                x.text().get("report.median"),
                r.medianToPublication().map(d -> Format.duration(d, en)).orElse("-"));
        csv.printRecord(
                x.text().get("report.p90"),
                r.p90ToPublication().map(d -> Format.duration(d, en)).orElse("-"));
        csv.printRecord(
                x.text().get("report.approvals") + ": " + x.text().get("report.approved"),
                r.approvals().approved());
        csv.printRecord(
                x.text().get("report.approvals") + ": " + x.text().get("report.rejected"),
                r.approvals().rejected());
        csv.printRecord(
                x.text().get("report.approvals") + ": " + x.text().get("report.expired"),
                r.approvals().expired());
        csv.printRecord(
                x.text().get("report.approvals") + ": " + x.text().get("report.pending"),
                r.approvals().pending());
    }

    private static void flows(CSVPrinter csv, Exchange x, Report r, boolean en) throws IOException {
        csv.printRecord(
                x.text().get("report.direction"),
                x.text().get("report.received"),
                x.text().get("report.delivered"),
                x.text().get("report.stopped"),
                x.text().get("report.waiting"));
        for (Report.Flow f : r.flows()) {
            csv.printRecord(
                    en ? f.direction().en() : f.direction().ja(),
                    f.received(),
                    f.delivered(),
                    f.stopped(),
                    f.waiting());
        }
    }

    private static void reasons(CSVPrinter csv, Exchange x, Report r, boolean en) throws IOException {
        csv.printRecord(
                x.text().get("report.reason"),
                x.text().get("report.code"),
                x.text().get("report.files"));
        for (Report.Reason reason : r.stopped()) {
            csv.printRecord(en ? reason.en() : reason.ja(), reason.code(), reason.count());
        }
    }

    /** Per day for a month, per month for a 年度; a column per direction, headed by its name. */
    private static void counts(CSVPrinter csv, Exchange x, ReportPeriod p, Report r, boolean en) throws IOException {
        List<Object> header = new java.util.ArrayList<>();
        header.add(x.text().get(p.fiscalYear() ? "report.monthcol" : "report.day"));
        for (Report.Direction d : Report.Direction.values()) {
            header.add(en ? d.en() : d.ja());
        }
        csv.printRecord(header);
        if (p.fiscalYear()) {
            for (YearMonth m : r.months()) {
                List<Object> row = new java.util.ArrayList<>(List.of(CSV_MONTH.format(m)));
                for (Report.Direction d : Report.Direction.values()) {
                    row.add(r.received(m, d));
                }
                csv.printRecord(row);
            }
            return;
        }
        for (LocalDate day : r.dates()) {
            List<Object> row = new java.util.ArrayList<>(List.of(CSV_DAY.format(day)));
            for (Report.Direction d : Report.Direction.values()) {
                row.add(r.received(day, d));
            }
            csv.printRecord(row);
        }
    }

    private static void refuse(Exchange x) {
        boolean year = !x.query("year").isEmpty();
        x.html(
                400,
                Pages.error(
                        x.view(),
                        x.text().get("error.title"),
                        x.text().get(year ? "report.badyear" : "report.badmonth")));
    }

    private static boolean wareki(Exchange x) {
        return x.query("wareki").equals("1");
    }

    /**
     * The period asked for: {@code ?month=2026-11}, or {@code ?year=2026} for 年度 2026 (April 2026
     * to March 2027); this month when neither is given. Empty when the one given is malformed,
     * before 2000, or more than a year ahead.
     */
    Optional<ReportPeriod> period(Exchange x) {
        String year = x.query("year");
        if (!year.isEmpty()) {
            if (!x.query("month").isEmpty() || !year.matches("[0-9]{4}")) {
                return Optional.empty();
            }
            int y = Integer.parseInt(year);
            int now = ReportPeriod.fiscalYearOf(LocalDate.now(clock.withZone(JST)));
            return y < 2000 || y > now + 1 ? Optional.empty() : Optional.of(ReportPeriod.fiscalYear(y));
        }
        String raw = x.query("month");
        if (raw.isEmpty()) {
            return Optional.of(ReportPeriod.month(YearMonth.now(clock.withZone(JST))));
        }
        if (!raw.matches("[0-9]{4}-[0-9]{2}")) {
            return Optional.empty();
        }
        try {
            YearMonth m = YearMonth.parse(raw);
            return m.getYear() < 2000
                            || m.isAfter(YearMonth.now(clock.withZone(JST)).plusYears(1))
                    ? Optional.empty()
                    : Optional.of(ReportPeriod.month(m));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
