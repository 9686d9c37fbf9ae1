package jp.kakehashi.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.web.port.AccountView;
import jp.kakehashi.web.port.ApprovalView;
import jp.kakehashi.web.port.AuditEntry;
import jp.kakehashi.web.port.Health;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.OriginalView;
import jp.kakehashi.web.port.PolicyText;
import jp.kakehashi.web.port.PolicyVersionView;
import jp.kakehashi.web.port.Report;
import jp.kakehashi.web.port.StoppedView;
import jp.kakehashi.web.port.User;

/**
 * The JSON the API answers with, built by hand from the port values: field names are part of the
 * contract in {@code openapi.json}, so they do not change when a record does. Times are ISO 8601
 * instants; durations are seconds.
 */
final class ApiJson {
    private ApiJson() {}

    static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        m.put("role", u.role().name().toLowerCase(java.util.Locale.ROOT));
        m.put("organisation", u.organisation());
        m.put("zone", u.role().zone().word());
        return m;
    }

    static Map<String, Object> item(ItemView i) {
        Map<String, Object> m = TransferRoutes.summary(i);
        m.remove("url");
        m.put("sender", i.sender());
        m.put("organisation", i.organisation());
        m.put("from", i.from().word());
        m.put("to", i.to().word());
        m.put("size", i.size());
        m.put("receivedAt", i.receivedAt().toString());
        m.put("updatedAt", i.updatedAt().toString());
        m.put("deliveredAs", i.deliveredAs());
        if (!i.note().isEmpty()) {
            m.put(
                    "note",
                    Map.of("subject", i.note().subject(), "message", i.note().message()));
        }
        i.downloadedAt().ifPresent(t -> m.put("downloadedAt", t.toString()));
        if (!i.receiptJa().isEmpty()) {
            m.put("receipt", Map.of("ja", i.receiptJa(), "en", i.receiptEn(), "removed", i.removed()));
        }
        return m;
    }

    static List<Map<String, Object>> items(List<ItemView> items) {
        return items.stream().map(ApiJson::item).toList();
    }

    static Map<String, Object> approval(ApprovalView a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("item", item(a.item()));
        m.put("kind", Map.of("ja", a.kindJa(), "en", a.kindEn()));
        m.put("rules", a.rules());
        m.put("sha256", a.sha256());
        m.put("findings", a.findings());
        m.put("given", a.given());
        m.put("needed", a.needed());
        m.put("original", a.original());
        m.put("requestedAt", a.requestedAt().toString());
        m.put("escalateAt", a.escalateAt().toString());
        m.put("expiresAt", a.expiresAt().toString());
        return m;
    }

    static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("time", e.time().toString());
        m.put("type", e.type());
        m.put("actor", e.actor());
        m.put("zone", e.zone());
        m.put("item", e.item());
        m.put("data", e.data());
        return m;
    }

    static Map<String, Object> report(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", r.from().toString());
        m.put("to", r.to().toString());
        m.put("received", r.received());
        m.put("delivered", r.delivered());
        m.put("stopped", r.stoppedTotal());
        m.put("medianSecondsToDelivery", seconds(r.medianToPublication()));
        m.put("p90SecondsToDelivery", seconds(r.p90ToPublication()));
        m.put(
                "flows",
                r.flows().stream()
                        .map(f -> Map.of(
                                "direction", f.direction().name(),
                                "received", f.received(),
                                "delivered", f.delivered(),
                                "stopped", f.stopped(),
                                "waiting", f.waiting()))
                        .toList());
        m.put(
                "reasons",
                r.stopped().stream()
                        .map(x -> Map.of("code", x.code(), "ja", x.ja(), "en", x.en(), "count", x.count()))
                        .toList());
        m.put(
                "approvals",
                Map.of(
                        "approved", r.approvals().approved(),
                        "rejected", r.approvals().rejected(),
                        "expired", r.approvals().expired(),
                        "pending", r.approvals().pending()));
        m.put(
                "days",
                r.days().stream()
                        .map(d -> Map.of(
                                "day",
                                d.day().toString(),
                                "direction",
                                d.direction().name(),
                                "received",
                                d.received()))
                        .toList());
        return m;
    }

    static Map<String, Object> stopped(StoppedView s) {
        Map<String, Object> m = item(s.item());
        m.put("sha256", s.sha256());
        m.put("detectedType", s.detectedType());
        m.put("originalKept", s.originalKept());
        m.put(
                "releases",
                s.releases().stream()
                        .map(r -> Map.of(
                                "officer", r.officer(),
                                "reason", r.reason(),
                                "at", r.at().toString(),
                                "until", r.until().toString()))
                        .toList());
        s.downloadableUntil().ifPresent(t -> m.put("downloadableUntil", t.toString()));
        return m;
    }

    static Map<String, Object> original(OriginalView o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("file", o.itemId());
        m.put("name", o.name());
        m.put("requester", o.requester());
        m.put("reason", o.reason());
        m.put("state", Map.of("ja", o.stateJa(), "en", o.stateEn()));
        m.put("available", o.available());
        m.put("requestedAt", o.requestedAt().toString());
        o.availableUntil().ifPresent(t -> m.put("availableUntil", t.toString()));
        if (!o.outcomeJa().isEmpty()) {
            m.put("outcome", Map.of("ja", o.outcomeJa(), "en", o.outcomeEn()));
        }
        return m;
    }

    static Map<String, Object> account(AccountView a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("role", a.role().name().toLowerCase(java.util.Locale.ROOT));
        m.put("organisation", a.organisation());
        m.put("groups", a.groups());
        m.put("disabled", a.disabled());
        m.put("hasPassword", a.hasPassword());
        m.put("sshKeys", a.sshKeys());
        m.put("secondFactor", a.secondFactor());
        a.linkOpenUntil().ifPresent(t -> m.put("linkOpenUntil", t.toString()));
        m.put("createdAt", a.createdAt().toString());
        return m;
    }

    static Map<String, Object> health(Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scannerReachable", h.scannerReachable());
        m.put("scannerAddress", h.scannerAddress());
        m.put("scannerVersion", h.scannerVersion());
        h.signaturesDate().ifPresent(t -> m.put("signaturesDate", t.toString()));
        m.put("signaturesStale", h.signaturesStale());
        m.put("diskFreeBytes", h.diskFreeBytes());
        m.put("diskTotalBytes", h.diskTotalBytes());
        m.put("diskLow", h.diskLow());
        m.put("queueLength", h.queueLength());
        m.put("auditBacklog", h.auditBacklog());
        m.put("checkedAt", h.checkedAt().toString());
        return m;
    }

    static Map<String, Object> policyText(PolicyText p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", p.source());
        p.version().ifPresent(v -> m.put("version", v));
        m.put("sha256", p.sha256());
        if (!p.problem().isEmpty()) {
            m.put("problem", p.problem());
        }
        m.put("text", p.text());
        return m;
    }

    /** A version; its text and changes only when {@code full} (a list of versions stays small). */
    static Map<String, Object> policyVersion(PolicyVersionView v, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("state", v.state());
        m.put("source", v.source());
        m.put("sha256", v.sha256());
        m.put("reason", v.reason());
        m.put("proposedBy", v.proposedBy());
        m.put("proposedAt", v.proposedAt().toString());
        v.confirmedBy().ifPresent(c -> m.put("confirmedBy", c));
        v.confirmedAt().ifPresent(t -> m.put("confirmedAt", t.toString()));
        v.activatedAt().ifPresent(t -> m.put("activatedAt", t.toString()));
        if (!v.detail().isEmpty()) {
            m.put("detail", v.detail());
        }
        if (full) {
            m.put("changes", v.changes());
            m.put("text", v.text());
        }
        return m;
    }

    private static long seconds(Optional<Duration> d) {
        return d.map(Duration::toSeconds).orElse(-1L);
    }
}
