package jp.kakehashi.appliance.backup;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which snapshots to keep: the newest of each of the last {@code daily} days, {@code weekly} ISO
 * weeks and {@code monthly} months that have one (JST, from the snapshot's id), and always the
 * newest of all. The same rule as rsnapshot's or restic's {@code forget --keep-daily}.
 */
public record SnapshotRetention(int daily, int weekly, int monthly) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    public SnapshotRetention {
        if (daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("keep counts cannot be negative");
        }
    }

    /** 7 daily, 4 weekly, 12 monthly. */
    public static SnapshotRetention defaults() {
        return new SnapshotRetention(7, 4, 12);
    }

    /** The ids to keep of {@code ids} (snapshot ids, any order). */
    public Set<String> keep(List<String> ids) {
        List<String> newestFirst = new ArrayList<>(ids);
        newestFirst.sort(java.util.Comparator.reverseOrder());
        Set<String> kept = new LinkedHashSet<>();
        if (!newestFirst.isEmpty()) {
            kept.add(newestFirst.get(0));
        }
        kept.addAll(newestPer(newestFirst, d -> d.toString(), daily));
        kept.addAll(newestPer(
                newestFirst,
                d -> d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
                weekly));
        kept.addAll(newestPer(newestFirst, d -> d.getYear() + "-" + d.getMonthValue(), monthly));
        return kept;
    }

    private static List<String> newestPer(List<String> newestFirst, Function<LocalDate, String> period, int count) {
        List<String> kept = new ArrayList<>();
        Set<String> periods = new LinkedHashSet<>();
        for (String id : newestFirst) {
            if (periods.size() == count) {
                break;
            }
            if (periods.add(period.apply(LocalDate.parse(id.substring(0, 8), DAY)))) {
                kept.add(id);
            }
        }
        return kept;
    }
}
