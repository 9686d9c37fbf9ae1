package jp.kakehashi.web.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates in JST and sizes in KB/MB, as staff read them. */
public final class Format {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm", Locale.ROOT).withZone(ZoneId.of("Asia/Tokyo"));

    private Format() {}

    public static String time(Instant t) {
        return TIME.format(t) + " JST";
    }

    /** 1 KB = 1,024 bytes, one decimal below 10. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + " "
                + units[u];
    }

    /** A span as people say it: 45秒, 3分20秒, 2時間5分, 1日3時間 (or 45 s, 3 min 20 s ... in English). */
    public static String duration(java.time.Duration d, boolean english) {
        long s = Math.max(0, d.toSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (english) {
            if (days > 0) {
                return days + " d " + hours + " h";
            }
            if (hours > 0) {
                return hours + " h " + minutes + " min";
            }
            return minutes > 0 ? minutes + " min " + seconds + " s" : seconds + " s";
        }
        if (days > 0) {
            return days + "日" + hours + "時間";
        }
        if (hours > 0) {
            return hours + "時間" + minutes + "分";
        }
        return minutes > 0 ? minutes + "分" + seconds + "秒" : seconds + "秒";
    }
}
