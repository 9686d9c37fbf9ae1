package jp.kakehashi.appliance.portal;

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
import jp.kakehashi.appliance.approval.ApprovalState;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.pipeline.ItemReport;
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

    private final Items items;
    private final Approvals approvals;

    public PortalStatistics(Items items, Approvals approvals) {
        this.items = items;
        this.approvals = approvals;
    }

    @Override
    public Report report(LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(JST).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(JST).toInstant();
        List<ItemStore.Counted> rows = items.receivedBetween(start, end);

        Map<LocalDate, Map<Report.Direction, Long>> perDay = new HashMap<>();
        Map<Report.Direction, long[]> totals = new EnumMap<>(Report.Direction.class);
        for (Report.Direction d : Report.Direction.values()) {
            totals.put(d, new long[4]); // received, delivered, stopped, waiting
        }
        Map<String, Long> reasons = new HashMap<>();
        List<Duration> toPublication = new ArrayList<>();
        for (ItemStore.Counted r : rows) {
            Optional<Report.Direction> dir = direction(r.flow());
            if (dir.isEmpty()) {
                continue;
            }
            LocalDate day = r.receivedAt().atZone(JST).toLocalDate();
            perDay.computeIfAbsent(day, k -> new EnumMap<>(Report.Direction.class))
                    .merge(dir.get(), 1L, Long::sum);
            long[] t = totals.computeIfAbsent(dir.get(), k -> new long[4]);
            t[0]++;
            switch (r.state()) {
                case PUBLISHED, EXPIRED -> t[1]++;
                case BLOCKED, QUARANTINED, REJECTED -> {
                    t[2]++;
                    reasons.merge(r.reasonCode(), 1L, Long::sum);
                }
                case RECEIVED, DETECTED, SCANNED, POLICY_CHECKED, SANITIZED, INDEXED, AWAITING_APPROVAL -> t[3]++;
            }
            r.publishedAt().ifPresent(p -> toPublication.add(Duration.between(r.receivedAt(), p)));
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

    private Report.Approvals approvals(Instant start, Instant end) {
        Map<ApprovalState, Long> byState = approvals.countsRequestedBetween(start, end);
        return new Report.Approvals(
                byState.getOrDefault(ApprovalState.APPROVED, 0L),
                byState.getOrDefault(ApprovalState.REJECTED, 0L),
                byState.getOrDefault(ApprovalState.EXPIRED, 0L),
                byState.getOrDefault(ApprovalState.PENDING, 0L));
    }
}
