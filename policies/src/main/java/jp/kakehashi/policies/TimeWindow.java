package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** A time of day range in Japan time, such as {@code 08:30-17:15}; {@code 17:15-08:30} runs over midnight. */
public record TimeWindow(LocalTime start, LocalTime end) {
    public TimeWindow {
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("a time window needs two different times, was " + start + "-" + end);
        }
    }

    /**
     * Reads {@code HH:MM-HH:MM}.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static TimeWindow parse(String text) {
        String[] parts = text.strip().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected a time range such as 08:30-17:15, was '" + text + "'");
        }
        try {
            return new TimeWindow(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a time range such as 08:30-17:15, was '" + text + "'", e);
        }
    }

    /** Whether {@code t} is inside: the start included, the end not. */
    public boolean contains(LocalTime t) {
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
