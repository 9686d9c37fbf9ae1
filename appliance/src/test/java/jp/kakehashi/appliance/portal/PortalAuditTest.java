package jp.kakehashi.appliance.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.web.port.AuditEntry;
import jp.kakehashi.web.port.AuditPage;
import jp.kakehashi.web.port.AuditQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The officers' filters over a real audit log: each filter, JST days, the newest first, a record being written. */
class PortalAuditTest {
    @TempDir
    Path dir;

    private PortalAudit audit;

    @BeforeEach
    void writeLog() {
        AuditKeys keys = AuditKeys.loadOrGenerate(
                dir.resolve("keys/audit.key"), dir.resolve("audit-public.key"), new SecureRandom());
        // 2026-11-23 23:30 JST, then each record an hour later: the third falls on 11-24 JST.
        MovableClock clock = new MovableClock(Instant.parse("2026-11-23T14:30:00Z"));
        try (AuditLog log = AuditLog.open(dir, keys, clock)) {
            log.append(new AuditEvent(
                    AuditType.ITEM_POLICY,
                    "system",
                    "",
                    "item1",
                    Map.of("decision", "block", "rules", "dlp-mynumber")));
            clock.advance(Duration.ofHours(1));
            log.append(new AuditEvent(
                    AuditType.ITEM_POLICY,
                    "system",
                    "",
                    "item2",
                    Map.of("decision", "approval", "rules", "outbound-documents,outbound-supervisor")));
            clock.advance(Duration.ofHours(1));
            log.append(new AuditEvent(AuditType.AUTH_FAILURE, "Acme-Sato", "internet", "", Map.of("why", "PASSWORD")));
            clock.advance(Duration.ofHours(1));
            log.append(new AuditEvent(AuditType.ITEM_DOWNLOADED, "tanaka", "lgwan", "item2", Map.of()));
        }
        audit = new PortalAudit(dir);
    }

    @Test
    void eachFilterNarrowsTheRecordsAndTheNewestComeFirst() {
        assertThat(seqs(audit.search(query("", "", "", "", "", "", null, null, 100))))
                .containsExactly(4L, 3L, 2L, 1L);
        assertThat(seqs(audit.search(query("acme", "", "", "", "", "", null, null, 100))))
                .as("who: contained, any case")
                .containsExactly(3L);
        assertThat(seqs(audit.search(query("", "ITEM_POLICY", "", "", "", "", null, null, 100))))
                .containsExactly(2L, 1L);
        assertThat(seqs(audit.search(query("", AuditType.REFUSALS, "", "", "", "", null, null, 100))))
                .as("every kind of refusal at once")
                .containsExactly(3L);
        assertThat(seqs(audit.search(query("", "", "item2", "", "", "", null, null, 100))))
                .containsExactly(4L, 2L);
        assertThat(seqs(audit.search(query("", "", "", "lgwan", "", "", null, null, 100))))
                .containsExactly(4L);
        assertThat(seqs(audit.search(query("", "", "", "", "block", "", null, null, 100))))
                .containsExactly(1L);
        assertThat(seqs(audit.search(query("", "", "", "", "", "outbound-supervisor", null, null, 100))))
                .as("one rule of several")
                .containsExactly(2L);
        assertThat(seqs(audit.search(query("", "", "", "", "", "outbound", null, null, 100))))
                .as("a rule id matches whole, not in part")
                .isEmpty();
    }

    @Test
    void officersSearchTheTrailWithTheSearchBoxGrammar() {
        AuditKeys keys = AuditKeys.loadOrGenerate(
                dir.resolve("keys/audit.key"), dir.resolve("audit-public.key"), new SecureRandom());
        try (AuditLog log = AuditLog.open(dir, keys, new MovableClock(Instant.parse("2026-11-24T03:00:00Z")))) {
            log.append(new AuditEvent(
                    AuditType.SHARE_LINK_CREATED,
                    "tanaka",
                    "lgwan",
                    "item3",
                    Map.of("recipient", "acme 山田様", "name", "入札説明書.docx", "folder", "7")));
        }
        assertThat(seqs(audit.search(words("山田")))).as("a word inside a value").containsExactly(5L);
        assertThat(seqs(audit.search(words("type:share_link partner:acme")))).containsExactly(5L);
        assertThat(seqs(audit.search(words("item2 NOT tanaka")))).containsExactly(2L);
        assertThat(seqs(audit.search(words("dlp-mynumber OR \"acme-sato\"")))).containsExactly(3L, 1L);
        assertThat(seqs(audit.search(words("name:入札* date:2026-11-24")))).containsExactly(5L);
        assertThat(audit.refusal("*入札"))
                .hasValueSatisfying(r -> assertThat(r.ja()).contains("「*」は語の終わりにだけ使えます"));
        assertThat(audit.refusal("(((((a)))))")).isPresent();
        assertThat(audit.refusal("入札 OR 見積")).isEmpty();
    }

    /** An officer searches by what the page calls a record, not by its code. */
    @Test
    void recordsAreFoundByTheNamesTheOfficerReads() {
        assertThat(seqs(audit.search(words("サインイン失敗")))).containsExactly(3L);
        assertThat(seqs(audit.search(words("type:ダウンロード")))).containsExactly(4L);
        assertThat(seqs(audit.search(words("\"policy decision\"")))).containsExactly(2L, 1L);
        assertThat(audit.kinds())
                .as("every kind has a name in both languages, and no two share one")
                .hasSize(AuditType.values().length)
                .allSatisfy(k -> {
                    assertThat(k.japanese()).isNotBlank().isNotEqualTo(k.code());
                    assertThat(k.english()).isNotBlank().isNotEqualTo(k.code());
                });
        assertThat(audit.kinds().stream().map(k -> k.japanese()).distinct()).hasSize(AuditType.values().length);
        assertThat(audit.kinds().stream().map(k -> k.english()).distinct()).hasSize(AuditType.values().length);
        assertThat(AuditType.ITEM_QUARANTINED.japanese()).contains("隔離");
    }

    private static AuditQuery words(String words) {
        return new AuditQuery("", "", "", "", "", "", words, Optional.empty(), Optional.empty(), 100);
    }

    @Test
    void daysAreJapanDaysAndTheLimitSaysThereIsMore() {
        LocalDate d23 = LocalDate.of(2026, 11, 23);
        LocalDate d24 = LocalDate.of(2026, 11, 24);
        assertThat(seqs(audit.search(query("", "", "", "", "", "", d23, d23, 100))))
                .containsExactly(1L);
        assertThat(seqs(audit.search(query("", "", "", "", "", "", d24, null, 100))))
                .containsExactly(4L, 3L, 2L);
        AuditPage two = audit.search(query("", "", "", "", "", "", null, null, 2));
        assertThat(seqs(two)).containsExactly(4L, 3L);
        assertThat(two.more()).isTrue();
        assertThat(two.scanned()).isEqualTo(4);
    }

    @Test
    void aRecordBeingWrittenIsLeftForTheNextRead() throws Exception {
        Files.writeString(
                dir.resolve("audit.jsonl"), "{\"hash\":\"ab", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(seqs(audit.search(query("", "", "", "", "", "", null, null, 100))))
                .containsExactly(4L, 3L, 2L, 1L);
    }

    private static AuditQuery query(
            String actor,
            String type,
            String item,
            String zone,
            String decision,
            String rule,
            LocalDate from,
            LocalDate to,
            int limit) {
        return new AuditQuery(
                actor, type, item, zone, decision, rule, "", Optional.ofNullable(from), Optional.ofNullable(to), limit);
    }

    private static java.util.List<Long> seqs(AuditPage page) {
        return page.records().stream().map(AuditEntry::seq).toList();
    }
}
