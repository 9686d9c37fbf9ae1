package jp.kakehashi.web;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.web.pages.Format;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.Report;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The security officers' numbers: a dashboard of the last 30 days and the monthly report
 * (月次報告) they take to their committee, printable and as CSV.
 */
final class StatisticsRoutes {
    static final int DASHBOARD_DAYS = 30;
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final Ports ports;
    private final Clock clock;

    StatisticsRoutes(Ports ports, Clock clock) {
        this.ports = ports;
        this.clock = clock;
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
        Optional<YearMonth> month = month(x);
        if (month.isEmpty()) {
            x.html(
                    400,
                    Pages.error(x.view(), x.text().get("error.title"), x.text().get("report.badmonth")));
            return;
        }
        x.html(200, Pages.report(x.view(), month.get(), monthly(month.get())));
    }

    private void csv(Exchange x) throws IOException {
        Optional<YearMonth> month = month(x);
        if (month.isEmpty()) {
            x.html(
                    400,
                    Pages.error(x.view(), x.text().get("error.title"), x.text().get("report.badmonth")));
            return;
        }
        Report r = monthly(month.get());
        boolean en = x.view().english();
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter csv = CSVFormat.EXCEL.builder().get().print(out)) {
            csv.printRecord(en ? "Monthly report" : "月次報告", month.get().toString());
            csv.println();
            csv.printRecord(
                    en ? "direction" : "方向",
                    en ? "received" : "受付",
                    en ? "delivered" : "受け渡し",
                    en ? "stopped" : "ブロック・隔離・却下",
                    en ? "in progress" : "処理中・承認待ち");
            for (Report.Flow f : r.flows()) {
                csv.printRecord(
                        en ? f.direction().en() : f.direction().ja(),
                        f.received(),
                        f.delivered(),
                        f.stopped(),
                        f.waiting());
            }
            csv.println();
            csv.printRecord(en ? "reason" : "理由", en ? "code" : "コード", en ? "files" : "件数");
            for (Report.Reason reason : r.stopped()) {
                csv.printRecord(en ? reason.en() : reason.ja(), reason.code(), reason.count());
            }
            csv.println();
            csv.printRecord(
                    en ? "median time to delivery" : "受け渡しまでの時間（中央値）",
                    r.medianToPublication().map(d -> Format.duration(d, en)).orElse("-"));
            csv.printRecord(
                    en ? "90% delivered within" : "受け渡しまでの時間（90%）",
                    r.p90ToPublication().map(d -> Format.duration(d, en)).orElse("-"));
            csv.printRecord(
                    en ? "approvals: approved / rejected / expired / pending" : "承認: 承認 / 却下 / 期限切れ / 未決",
                    r.approvals().approved(),
                    r.approvals().rejected(),
                    r.approvals().expired(),
                    r.approvals().pending());
            csv.println();
            csv.printRecord(
                    en ? "day" : "日付",
                    Report.Direction.INBOUND.name(),
                    Report.Direction.OUTBOUND.name(),
                    Report.Direction.TO_MYNUMBER.name());
            for (LocalDate day : r.dates()) {
                csv.printRecord(
                        day.toString(),
                        r.received(day, Report.Direction.INBOUND),
                        r.received(day, Report.Direction.OUTBOUND),
                        r.received(day, Report.Direction.TO_MYNUMBER));
            }
        }
        x.response()
                .getHeaders()
                .put("Content-Disposition", ContentDisposition.attachment("report-" + month.get() + ".csv"));
        x.bytes(200, "text/csv; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Report monthly(YearMonth month) {
        return ports.statistics().report(month.atDay(1), month.atEndOfMonth());
    }

    /** The month asked for ({@code ?month=2026-11}); this month when none is given. */
    Optional<YearMonth> month(Exchange x) {
        String raw = x.query("month");
        if (raw.isEmpty()) {
            return Optional.of(YearMonth.now(clock.withZone(JST)));
        }
        if (!raw.matches("[0-9]{4}-[0-9]{2}")) {
            return Optional.empty();
        }
        try {
            YearMonth m = YearMonth.parse(raw);
            return m.getYear() < 2000
                            || m.isAfter(YearMonth.now(clock.withZone(JST)).plusYears(1))
                    ? Optional.empty()
                    : Optional.of(m);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
