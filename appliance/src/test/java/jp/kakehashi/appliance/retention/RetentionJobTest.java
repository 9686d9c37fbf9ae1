package jp.kakehashi.appliance.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.QueuedAudit;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.pipeline.ItemState;
import jp.kakehashi.appliance.pipeline.Items;
import jp.kakehashi.appliance.pipeline.RecordedFacts;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.policies.Retention;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, retention enforced: on the real store, blobs and index, a published file is withdrawn
 * from its folder and from search when its time runs out, originals are erased after theirs, an
 * item still in progress is never touched, and each removal is audited.
 */
class RetentionJobTest {
    private static final Flow OUT = Flow.parse("lgwan->internet");

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T01:00:00Z"));
    final Policy policy = PolicyLoader.shippedDefault();
    Database db;
    Items items;
    EncryptedFileBlobStore blobs;
    SearchIndex index;
    RetentionJob job;
    final java.util.Set<String> current = java.util.concurrent.ConcurrentHashMap.newKeySet();
    int serial;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        items = new Items(db, clock);
        SecureRandom random = new SecureRandom();
        blobs = new EncryptedFileBlobStore(tmp, MasterKey.generate(tmp.resolve("master.key"), random), random);
        index = SearchIndex.open(tmp.resolve("index"));
        job = new RetentionJob(db, items, blobs, index, () -> policy, clock, current::contains);
    }

    @AfterEach
    void close() {
        index.close();
        db.close();
    }

    @Test
    void eachCopyGoesWhenItsTimeRunsOutAndNotBefore() throws Exception {
        String published = published(new Retention(Duration.ofDays(10), Duration.ofDays(2)));
        String blocked = finished(ItemState.BLOCKED);
        String waiting = awaitingApproval(new Retention(Duration.ofDays(1), Duration.ofDays(1)));
        String publishedOriginal = items.find(published).orElseThrow().originalBlob();
        String publishedRendition = items.find(published).orElseThrow().renditionBlob();
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 0));

        clock.advance(Duration.ofDays(2).minusSeconds(1));
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 0));

        clock.advance(Duration.ofSeconds(1));
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(1, 1, 0));
        assertThat(items.find(published).orElseThrow().state()).isEqualTo(ItemState.EXPIRED);
        assertThat(items.published(OUT, Optional.of("acme"))).isEmpty();
        assertThat(index.search("議事録", Zone.INTERNET, Optional.of("acme"), 10)).isEmpty();
        assertGone(publishedRendition);
        assertPresent(publishedOriginal);
        assertThat(QueuedAudit.types(db)).containsSubsequence("ITEM_EXPIRED", "RETENTION_PURGED");

        clock.advance(Duration.ofDays(8));
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 1));
        assertGone(publishedOriginal);
        assertPresent(items.find(waiting).orElseThrow().originalBlob());

        // The blocked file's decision set no retention: the policy's default (90 days) applies.
        clock.at(Instant.parse("2026-11-24T01:00:00Z").plus(Retention.DEFAULT.originals()));
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 1));
        assertGone(items.find(blocked).orElseThrow().originalBlob());
        assertPresent(items.find(waiting).orElseThrow().originalBlob());
        assertThat(items.find(waiting).orElseThrow().state()).isEqualTo(ItemState.AWAITING_APPROVAL);

        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 0));
        assertThat(QueuedAudit.types(db).stream().filter("RETENTION_PURGED"::equals))
                .hasSize(3);
    }

    @Test
    void aSharedFoldersCurrentVersionIsKeptUntilANewerOneReplacesIt() throws Exception {
        String id = published(new Retention(Duration.ofDays(3), Duration.ofDays(1)));
        current.add(id);
        clock.advance(Duration.ofDays(30));
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 0));
        assertThat(items.find(id).orElseThrow().state()).isEqualTo(ItemState.PUBLISHED);
        assertPresent(items.find(id).orElseThrow().originalBlob());

        current.remove(id);
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(1, 1, 1));
        assertThat(items.find(id).orElseThrow().state()).isEqualTo(ItemState.EXPIRED);
    }

    @Test
    void aRejectedFilesNeverPublishedRenditionGoesWithItsOriginal() throws Exception {
        String id = awaitingApproval(new Retention(Duration.ofDays(5), Duration.ofDays(1)));
        assertThat(items.advance(id, ItemState.AWAITING_APPROVAL, ItemState.REJECTED, Map.of()))
                .isTrue();
        String rendition = items.find(id).orElseThrow().renditionBlob();
        clock.advance(Duration.ofDays(5));
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 1, 1));
        assertGone(rendition);
        assertGone(items.find(id).orElseThrow().originalBlob());
    }

    private String published(Retention retention) throws IOException {
        String id = sanitized(retention);
        index.put(id, "議事録.txt", "第三回の議事録です", Zone.INTERNET, "acme", "text/plain", Instant.now());
        assertThat(items.advance(id, ItemState.SANITIZED, ItemState.INDEXED, Map.of()))
                .isTrue();
        assertThat(items.advance(
                        id,
                        ItemState.INDEXED,
                        ItemState.PUBLISHED,
                        Map.of("published_at", clock.instant().toString())))
                .isTrue();
        return id;
    }

    private String awaitingApproval(Retention retention) throws IOException {
        String id = sanitized(retention);
        assertThat(items.advance(id, ItemState.SANITIZED, ItemState.AWAITING_APPROVAL, Map.of()))
                .isTrue();
        return id;
    }

    private String finished(ItemState state) throws IOException {
        String id = received();
        assertThat(items.advance(id, ItemState.RECEIVED, state, Map.of("reason_code", "PERSONAL_NUMBER")))
                .isTrue();
        return id;
    }

    private String sanitized(Retention retention) throws IOException {
        String id = received();
        StoredBlob rendition = store("第三回の議事録です");
        items.recordDecision(id, new RecordedFacts(Facts.of(OUT, "text/plain", 10, false), ""), "allow", retention);
        assertThat(items.advance(
                        id,
                        ItemState.RECEIVED,
                        ItemState.SANITIZED,
                        Map.of(
                                "rendition_blob", rendition.id().value(),
                                "rendition_name", "議事録.txt",
                                "rendition_type", "text/plain",
                                "rendition_size", rendition.size(),
                                "rendition_sha256", rendition.sha256())))
                .isTrue();
        return id;
    }

    private String received() throws IOException {
        String id = String.format("%024d", ++serial);
        items.insertReceived(id, OUT, "tanaka", "acme", "議事録.txt", store("第三回の議事録です"));
        return id;
    }

    private StoredBlob store(String text) throws IOException {
        try (var writer = blobs.create()) {
            writer.write(text.getBytes(StandardCharsets.UTF_8));
            return writer.commit();
        }
    }

    private void assertGone(String blob) {
        assertThatThrownBy(() -> blobs.open(new BlobId(blob)).close()).isInstanceOf(IOException.class);
    }

    private void assertPresent(String blob) throws IOException {
        try (InputStream in = blobs.open(new BlobId(blob))) {
            assertThat(in.readAllBytes()).isNotEmpty();
        }
    }
}
