package jp.kakehashi.web.port;

import java.time.LocalDate;

/** The numbers security officers report to their committee, over whole JST days. */
public interface Statistics {
    /** What crossed between the zones on the days {@code from} to {@code to}, both included. */
    Report report(LocalDate from, LocalDate to);
}
