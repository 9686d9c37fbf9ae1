package jp.kakehashi.appliance.portal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.pipeline.ItemReport;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.web.port.Report;
import jp.kakehashi.web.port.Statistics;

/**
 * The officers' numbers from the item and approval tables: files counted on the JST day they
 * were received, times to delivery from receipt to publication, approvals by how they ended.
 */
public final class PortalStatistics implements Statistics {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final Database db;

    public PortalStatistics(Database db) {
        this.db = db;
    }

    private record Row(Flow flow, ItemState state, String reason, Instant created, Optional<Instant> published) {}

    @Override
    public Report report(LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(JST).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(JST).toInstant();
        List<Row> rows = items(start, end);

        Map<LocalDate, Map<Report.Direction, Long>> perDay = new HashMap<>();
        Map<Report.Direction, long[]> totals = new EnumMap<>(Report.Direction.class);
        for (Report.Direction d : Report.Direction.values()) {
            totals.put(d, new long[4]); // received, delivered, stopped, waiting
        }
        Map<String, Long> reasons = new HashMap<>();
        List<Duration> toPublication = new ArrayList<>();
        for (Row r : rows) {
            Optional<Report.Direction> dir = direction(r.flow());
            if (dir.isEmpty()) {
                continue;
            }
            LocalDate day = r.created().atZone(JST).toLocalDate();
            perDay.computeIfAbsent(day, k -> new EnumMap<>(Report.Direction.class))
                    .merge(dir.get(), 1L, Long::sum);
            long[] t = totals.computeIfAbsent(dir.get(), k -> new long[4]);
            t[0]++;
            switch (r.state()) {
                case PUBLISHED, EXPIRED -> t[1]++;
                case BLOCKED, QUARANTINED, REJECTED -> {
                    t[2]++;
                    reasons.merge(r.reason(), 1L, Long::sum);
                }
                case RECEIVED, DETECTED, SCANNED, POLICY_CHECKED, SANITIZED, INDEXED, AWAITING_APPROVAL -> t[3]++;
            }
            r.published().ifPresent(p -> toPublication.add(Duration.between(r.created(), p)));
        }

        List<Report.Day> days = new ArrayList<>();
        for (LocalDate day : from.datesUntil(to.plusDays(1)).toList()) {
            for (Report.Direction d : Report.Direction.values()) {
                days.add(new Report.Day(
                        day, d, perDay.getOrDefault(day, Map.of()).getOrDefault(d, 0L)));
            }
        }
        List<Report.Flow> flows = new ArrayList<>();
        totals.forEach((d, t) -> flows.add(new Report.Flow(d, t[0], t[1], t[2], t[3])));
        List<Report.Reason> stopped = new ArrayList<>();
        reasons.forEach((code, n) -> {
            ItemReport.Texts texts = ItemReport.reason(code);
            stopped.add(new Report.Reason(code, texts.ja(), texts.en(), n));
        });
        stopped.sort(Comparator.comparingLong(Report.Reason::count).reversed().thenComparing(Report.Reason::code));
        toPublication.sort(Comparator.naturalOrder());
        return new Report(
                from,
                to,
                days,
                flows,
                stopped,
                percentile(toPublication, 50),
                percentile(toPublication, 90),
                approvals(start, end));
    }

    /** The nearest-rank percentile: the smallest value at least {@code p}% of the values do not exceed. */
    static Optional<Duration> percentile(List<Duration> sorted, int p) {
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Optional.of(sorted.get(Math.max(0, rank - 1)));
    }

    private static Optional<Report.Direction> direction(Flow flow) {
        if (flow.equals(new Flow(Zone.INTERNET, Zone.LGWAN))) {
            return Optional.of(Report.Direction.INBOUND);
        }
        if (flow.equals(new Flow(Zone.LGWAN, Zone.INTERNET))) {
            return Optional.of(Report.Direction.OUTBOUND);
        }
        if (flow.equals(new Flow(Zone.LGWAN, Zone.MYNUMBER))) {
            return Optional.of(Report.Direction.TO_MYNUMBER);
        }
        return Optional.empty();
    }

    private List<Row> items(Instant start, Instant end) {
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT flow, state, reason_code, created_at, published_at FROM items"
                            + " WHERE created_at >= ? AND created_at < ?")) {
                s.setString(1, start.toString());
                s.setString(2, end.toString());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String published = rs.getString("published_at");
                        String reason = rs.getString("reason_code");
                        rows.add(new Row(
                                Flow.parse(rs.getString("flow")),
                                ItemState.valueOf(rs.getString("state")),
                                reason == null ? "" : reason,
                                Instant.parse(rs.getString("created_at")),
                                published == null ? Optional.empty() : Optional.of(Instant.parse(published))));
                    }
                }
            }
            return rows;
        });
    }

    private Report.Approvals approvals(Instant start, Instant end) {
        return db.read(c -> {
            Map<String, Long> byState = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT state, COUNT(*) AS n FROM approval_requests"
                    + " WHERE requested_at >= ? AND requested_at < ? GROUP BY state")) {
                s.setString(1, start.toString());
                s.setString(2, end.toString());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byState.put(rs.getString("state"), rs.getLong("n"));
                    }
                }
            }
            return new Report.Approvals(
                    byState.getOrDefault("APPROVED", 0L),
                    byState.getOrDefault("REJECTED", 0L),
                    byState.getOrDefault("EXPIRED", 0L),
                    byState.getOrDefault("PENDING", 0L));
        });
    }
}
