package jp.kakehashi.web.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An audit record's details as an officer reads them: each named in their language (ファイル名,
 * not {@code name}), sizes in KB/MB and the pipeline's states and decisions in words. A detail
 * no label is known for still shows, under its own name: nothing recorded is hidden.
 */
public final class AuditDetails {
    /** Details that count bytes. */
    private static final Set<String> SIZES = Set.of("size", "bytes", "offset");

    /** Details whose values are a state or a decision of the pipeline, or a protocol. */
    private static final Set<String> WORDS =
            Set.of("from", "to", "state", "decision", "verdict", "protocol", "via", "change");

    /** One detail: its label and its value as shown, and its stable key. */
    public record Detail(String key, String label, String value) {}

    private AuditDetails() {}

    public static List<Detail> of(Text text, Map<String, String> data) {
        List<Detail> details = new ArrayList<>();
        data.forEach((key, value) -> details.add(new Detail(key, label(text, key, value), value(text, key, value))));
        return details;
    }

    /** 「ファイル名: 見積書.docx; 大きさ: 1.2 MB」, for a CSV cell. */
    public static String line(Text text, Map<String, String> data) {
        StringBuilder b = new StringBuilder();
        for (Detail d : of(text, data)) {
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(d.label()).append(": ").append(d.value());
        }
        return b.toString();
    }

    /**
     * The detail's name. {@code from} is written by two kinds of record: the state a file left
     * (ITEM_*) and the address a sign-in came from (AUTH_*); the value tells which.
     */
    private static String label(Text text, String key, String value) {
        if (key.equals("from")) {
            return text.get(text.find("audit.v." + value).isPresent() ? "audit.k.from.state" : "audit.k.from.source");
        }
        return text.find("audit.k." + key).orElse(key);
    }

    private static String value(Text text, String key, String value) {
        if (SIZES.contains(key) && value.matches("[0-9]{1,18}")) {
            return Format.size(Long.parseLong(value));
        }
        if (WORDS.contains(key)) {
            return text.find("audit.v." + value).orElse(value);
        }
        return value;
    }
}
