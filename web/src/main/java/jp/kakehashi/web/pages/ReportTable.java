package jp.kakehashi.web.pages;

import java.util.Locale;
import java.util.Optional;

/** The tables a report has, each offered as its own CSV file ({@code ?table=}). */
public enum ReportTable {
    SUMMARY,
    FLOWS,
    REASONS,
    DAYS;

    /** Its name in the query and the key of its label ({@code report.t.flows}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The table a query asks for; the summary when it names none. */
    public static Optional<ReportTable> of(String raw) {
        String wanted = raw.isEmpty() ? "summary" : raw;
        for (ReportTable t : values()) {
            if (t.word().equals(wanted)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
