package jp.kakehashi.web.pages;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jp.kakehashi.web.port.Report;

/**
 * A stacked bar chart of files received per day and direction, laid out here and drawn by the
 * template as SVG: no script and no inline style, so the page keeps its strict CSP.
 */
public record Chart(int width, int height, List<Bar> bars, List<Label> labels) {
    private static final int LEFT = 44;
    private static final int TOP = 12;
    private static final int PLOT_HEIGHT = 180;
    private static final int SLOT = 26;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M/d", Locale.ROOT);

    public Chart {
        bars = List.copyOf(bars);
        labels = List.copyOf(labels);
    }

    /** One rectangle; {@code css} names the direction ({@code d-inbound} ...), {@code title} is its tooltip. */
    public record Bar(int x, int y, int width, int height, String css, String title) {}

    /** A text at a point; {@code end} right-aligns it (the axis numbers). */
    public record Label(int x, int y, String text, boolean end) {}

    public static Chart daily(Report report, boolean english) {
        Map<LocalDate, Map<Report.Direction, Long>> byDay = new TreeMap<>();
        for (Report.Day d : report.days()) {
            byDay.computeIfAbsent(d.day(), k -> new EnumMap<>(Report.Direction.class))
                    .merge(d.direction(), d.received(), Long::sum);
        }
        long max = 1;
        for (Map<Report.Direction, Long> m : byDay.values()) {
            max = Math.max(max, m.values().stream().mapToLong(Long::longValue).sum());
        }
        long top = niceCeiling(max);
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        int base = TOP + PLOT_HEIGHT;
        labels.add(new Label(LEFT - 6, TOP + 4, String.valueOf(top), true));
        if (top % 2 == 0) {
            labels.add(new Label(LEFT - 6, TOP + PLOT_HEIGHT / 2 + 4, String.valueOf(top / 2), true));
        }
        labels.add(new Label(LEFT - 6, base + 4, "0", true));
        int i = 0;
        for (Map.Entry<LocalDate, Map<Report.Direction, Long>> day : byDay.entrySet()) {
            int x = LEFT + i * SLOT + 4;
            int y = base;
            for (Report.Direction dir : Report.Direction.values()) {
                long n = day.getValue().getOrDefault(dir, 0L);
                if (n == 0) {
                    continue;
                }
                int h = (int) Math.max(1, Math.round((double) n * PLOT_HEIGHT / top));
                y -= h;
                String name = english ? dir.en() : dir.ja();
                bars.add(new Bar(
                        x,
                        y,
                        SLOT - 8,
                        h,
                        "d-" + dir.name().toLowerCase(Locale.ROOT),
                        DAY.format(day.getKey()) + " " + name + ": " + n));
            }
            if (i % 5 == 0 || i == byDay.size() - 1) {
                labels.add(new Label(x, base + 16, DAY.format(day.getKey()), false));
            }
            i++;
        }
        return new Chart(LEFT + Math.max(1, byDay.size()) * SLOT + 8, base + 24, bars, labels);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code n}: axis numbers people read at a glance. */
    static long niceCeiling(long n) {
        long p = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * p >= n) {
                    return m * p;
                }
            }
            p *= 10;
        }
    }
}
