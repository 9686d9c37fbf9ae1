package jp.kakehashi.appliance.portal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.index.SearchQuery;
import jp.kakehashi.appliance.index.TextFilter;
import jp.kakehashi.web.port.AuditEntry;
import jp.kakehashi.web.port.AuditKind;
import jp.kakehashi.web.port.AuditPage;
import jp.kakehashi.web.port.AuditQuery;
import jp.kakehashi.web.port.AuditRecords;
import jp.kakehashi.web.port.Search;

/**
 * The officers' queries over the audit log itself: one pass over the hash-chained file, keeping
 * the newest matches. The log stays the only record; there is no second copy to disagree with it.
 */
public final class PortalAudit implements AuditRecords {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final Path auditDir;

    public PortalAudit(Path auditDir) {
        this.auditDir = auditDir;
    }

    @Override
    public Optional<Search.Result.Refused> refusal(String words) {
        try {
            TextFilter.parse(words);
            return Optional.empty();
        } catch (SearchQuery.Refused r) {
            return Optional.of(new Search.Result.Refused(r.japanese(), r.english()));
        }
    }

    @Override
    public List<AuditKind> kinds() {
        return java.util.Arrays.stream(AuditType.values())
                .map(t -> new AuditKind(t.name(), t.japanese(), t.english()))
                .toList();
    }

    @Override
    public AuditPage search(AuditQuery query) {
        Optional<TextFilter> words;
        try {
            words = query.words().isBlank() ? Optional.empty() : Optional.of(TextFilter.parse(query.words()));
        } catch (SearchQuery.Refused r) {
            return new AuditPage(List.of(), 0, false);
        }
        Deque<AuditEntry> newest = new ArrayDeque<>();
        long[] counts = new long[2]; // records read, records matched
        AuditLog.forEachRecord(auditDir, record -> {
            counts[0]++;
            AuditEntry e = entry(record);
            if (matches(query, e)
                    && words.map(w -> w.test(field -> text(e, field))).orElse(true)) {
                counts[1]++;
                newest.addFirst(e);
                if (newest.size() > query.limit()) {
                    newest.removeLast();
                }
            }
        });
        return new AuditPage(new ArrayList<>(newest), counts[0], counts[1] > query.limit());
    }

    static boolean matches(AuditQuery q, AuditEntry e) {
        LocalDate day = e.time().atZoneSameInstant(JST).toLocalDate();
        return contains(e.actor(), q.actor())
                && (q.type().isEmpty() || e.type().equals(q.type()) || refusalAsked(q, e))
                && contains(e.item(), q.item())
                && (q.zone().isEmpty() || e.zone().equals(q.zone()))
                && (q.decision().isEmpty() || q.decision().equals(e.data().getOrDefault("decision", "")))
                && (q.rule().isEmpty() || rules(e).contains(q.rule()))
                && q.from().map(from -> !day.isBefore(from)).orElse(true)
                && q.to().map(to -> !day.isAfter(to)).orElse(true);
    }

    private static boolean refusalAsked(AuditQuery q, AuditEntry e) {
        return q.type().equals(AuditType.REFUSALS)
                && java.util.Arrays.stream(AuditType.values())
                        .anyMatch(t -> t.isRefusal() && t.name().equals(e.type()));
    }

    /** A record's text for the search grammar: one field of it, or all of it for {@code ""}. */
    static String text(AuditEntry e, String field) {
        return switch (field) {
            case "name" -> e.data().getOrDefault("name", "");
            case "partner" ->
                String.join(
                        " ",
                        e.data().getOrDefault("organisation", ""),
                        e.data().getOrDefault("org", ""),
                        e.data().getOrDefault("recipient", ""),
                        e.data().getOrDefault("member", ""));
            case "type" -> kindWords(e);
            case "date" -> e.time().atZoneSameInstant(JST).toLocalDate().toString();
            case "folder" -> e.data().getOrDefault("folder", "");
            default -> {
                StringBuilder all = new StringBuilder(kindWords(e))
                        .append(' ')
                        .append(e.actor())
                        .append(' ')
                        .append(e.zone());
                all.append(' ').append(e.item());
                e.data().forEach((k, v) -> all.append(' ').append(v));
                yield all.toString();
            }
        };
    }

    /** A record's kind as the officer may search for it: its code and its names (隔離 finds ITEM_QUARANTINED). */
    private static String kindWords(AuditEntry e) {
        return AuditType.byCode(e.type())
                .map(t -> t.name() + " " + t.japanese() + " " + t.english())
                .orElse(e.type());
    }

    private static boolean contains(String value, String wanted) {
        return wanted.isEmpty() || value.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
    }

    /** The rule ids a record names: policy decisions list them in {@code rules}, one per comma. */
    private static List<String> rules(AuditEntry e) {
        List<String> out = new ArrayList<>();
        for (String key : List.of("rules", "rule")) {
            for (String r : e.data().getOrDefault(key, "").split(",")) {
                if (!r.isBlank()) {
                    out.add(r.strip());
                }
            }
        }
        return out;
    }

    private static AuditEntry entry(JsonNode r) {
        Map<String, String> data = new LinkedHashMap<>();
        r.path("data")
                .properties()
                .forEach(f -> data.put(f.getKey(), f.getValue().asText()));
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(r.path("time").asText());
        } catch (DateTimeParseException e) {
            time = OffsetDateTime.MIN;
        }
        return new AuditEntry(
                r.path("seq").asLong(),
                time,
                r.path("type").asText(),
                r.path("actor").asText(),
                r.path("zone").asText(),
                r.path("item").asText(),
                data);
    }
}
