package jp.kakehashi.web;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.kakehashi.web.pages.AuditDetails;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.AuditEntry;
import jp.kakehashi.web.port.AuditKind;
import jp.kakehashi.web.port.AuditPage;
import jp.kakehashi.web.port.AuditQuery;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;

/**
 * The security officers' view of the audit trail (監査証跡): filters by who, what, when, zone,
 * decision and rule, and the same selection as a CSV file for their committee's spreadsheets.
 */
final class AuditRoutes {
    static final int PAGE = 500;
    private static final int MAX_FILTER = 100;

    /** The search box's longest query; the grammar itself is checked by the appliance. */
    private static final int MAX_WORDS = 200;
    /** What a filter may contain: names, ids, rule ids and type words; nothing to escape or inject. */
    private static final Pattern FILTER = Pattern.compile("[\\p{L}\\p{N}._@:-]*");

    /** JST, in the form Excel reads as a date and time (an ISO offset with nanoseconds it leaves as text). */
    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.of("Asia/Tokyo"));

    private static final DateTimeFormatter FILE_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmm", Locale.ROOT).withZone(ZoneId.of("Asia/Tokyo"));

    private final Ports ports;
    private final java.time.Clock clock;

    AuditRoutes(Ports ports, java.time.Clock clock) {
        this.ports = ports;
        this.clock = clock;
    }

    List<Route> routes() {
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> officers = EnumSet.of(Role.OFFICER);
        return List.of(
                new Route("GET", "/audit", lgwan, Route.Access.SIGNED_IN, officers, this::page),
                new Route("GET", "/audit.csv", lgwan, Route.Access.SIGNED_IN, officers, this::csv));
    }

    private void page(Exchange x) {
        Map<String, String> filters = filters(x);
        Optional<String> problem = problem(x, filters).or(() -> badWords(x, filters));
        if (problem.isPresent()) {
            x.html(400, Pages.audit(x.view(), filters, kinds(), new AuditPage(List.of(), 0, false), problem.get()));
            return;
        }
        AuditPage found = ports.auditRecords().search(query(filters, PAGE));
        x.html(200, Pages.audit(x.view(), filters, kinds(), found, ""));
    }

    private void csv(Exchange x) throws IOException {
        Map<String, String> filters = filters(x);
        Optional<String> problem = problem(x, filters).or(() -> badWords(x, filters));
        if (problem.isPresent()) {
            x.html(400, Pages.error(x.view(), x.text().get("error.title"), problem.get()));
            return;
        }
        AuditPage found = ports.auditRecords().search(query(filters, AuditQuery.MAX_LIMIT));
        Map<String, AuditKind> kinds = kinds();
        boolean english = x.view().english();
        CsvDownload.send(x, "audit-" + FILE_DATE.format(clock.instant()) + ".csv", csv -> {
            csv.printRecord(
                    x.text().get("audit.seq"),
                    x.text().get("audit.csv.time"),
                    x.text().get("audit.f.type"),
                    x.text().get("audit.code"),
                    x.text().get("audit.f.actor"),
                    x.text().get("audit.f.zone"),
                    x.text().get("audit.f.item"),
                    x.text().get("audit.data"));
            for (AuditEntry e : found.records()) {
                AuditKind kind = kinds.get(e.type());
                csv.printRecord(
                        e.seq(),
                        CSV_TIME.format(e.time()),
                        kind == null ? e.type() : kind.label(english),
                        e.type(),
                        cell(e.actor()),
                        e.zone(),
                        e.item(),
                        cell(AuditDetails.line(x.text(), e.data())));
            }
        });
    }

    /** The kinds of record by code, in the order the filter lists them. */
    private Map<String, AuditKind> kinds() {
        Map<String, AuditKind> byCode = new java.util.LinkedHashMap<>();
        for (AuditKind k : ports.auditRecords().kinds()) {
            byCode.put(k.code(), k);
        }
        return byCode;
    }

    /**
     * A cell a spreadsheet will not run: text starting with {@code = + - @}, a tab or a carriage
     * return is a formula to Excel, so it gets a leading apostrophe (CSV injection).
     */
    static String cell(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static final List<String> FIELDS =
            List.of("q", "actor", "type", "item", "zone", "decision", "rule", "from", "to");

    static Map<String, String> filters(Exchange x) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        for (String name : FIELDS) {
            f.put(name, x.query(name).strip());
        }
        return f;
    }

    /** Why the filters cannot be used, in the page's language; empty when they can. */
    static Optional<String> problem(Exchange x, Map<String, String> f) {
        if (v(f, "q").length() > MAX_WORDS) {
            return Optional.of(x.text().get("audit.badfilter") + " " + x.text().get("audit.f.q"));
        }
        for (Map.Entry<String, String> e : f.entrySet()) {
            if (e.getKey().equals("q")) {
                continue;
            }
            if (e.getValue().length() > MAX_FILTER
                    || !FILTER.matcher(e.getValue()).matches()) {
                return Optional.of(
                        x.text().get("audit.badfilter") + " " + x.text().get("audit.f." + e.getKey()));
            }
        }
        Optional<LocalDate> from = date(v(f, "from"));
        Optional<LocalDate> to = date(v(f, "to"));
        if ((!v(f, "from").isEmpty() && from.isEmpty()) || (!v(f, "to").isEmpty() && to.isEmpty())) {
            return Optional.of(x.text().get("audit.baddate"));
        }
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            return Optional.of(x.text().get("audit.badrange"));
        }
        return Optional.empty();
    }

    /** Why the keywords are not a query the grammar takes, in the page's language. */
    private Optional<String> badWords(Exchange x, Map<String, String> f) {
        if (v(f, "q").isEmpty()) {
            return Optional.empty();
        }
        return ports.auditRecords().refusal(v(f, "q")).map(r -> x.view().english() ? r.en() : r.ja());
    }

    static AuditQuery query(Map<String, String> f, int limit) {
        return new AuditQuery(
                v(f, "actor"),
                v(f, "type").toUpperCase(Locale.ROOT),
                v(f, "item"),
                v(f, "zone").toLowerCase(Locale.ROOT),
                v(f, "decision").toLowerCase(Locale.ROOT),
                v(f, "rule"),
                v(f, "q"),
                date(v(f, "from")),
                date(v(f, "to")),
                limit);
    }

    private static Optional<LocalDate> date(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String v(Map<String, String> f, String name) {
        return f.getOrDefault(name, "");
    }
}
