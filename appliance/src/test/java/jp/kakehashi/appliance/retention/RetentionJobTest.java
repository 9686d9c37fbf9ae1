package jp.kakehashi.appliance.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.QueuedAudit;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.RecordedFacts;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.jdbc.JdbcQuarantineStore;
import jp.kakehashi.appliance.jdbc.JdbcRetentionStore;
import jp.kakehashi.appliance.quarantine.Quarantine;
import jp.kakehashi.appliance.quarantine.QuarantineRefused;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
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
        items = new Items(db, new JdbcItemStore(), clock);
        SecureRandom random = new SecureRandom();
        blobs = new EncryptedFileBlobStore(tmp, MasterKey.generate(tmp.resolve("master.key"), random), random);
        index = SearchIndex.open(tmp.resolve("index"));
        job = new RetentionJob(
                db,
                new JdbcRetentionStore(),
                items,
                blobs,
                index,
                () -> policy,
                clock,
                current::contains,
                new JdbcQuarantineStore());
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
        assertThat(items.advance(id, ItemState.AWAITING_APPROVAL, ItemState.REJECTED, new StepFacts.None()))
                .isTrue();
        String rendition = items.find(id).orElseThrow().renditionBlob();
        clock.advance(Duration.ofDays(5));
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 1, 1));
        assertGone(rendition);
        assertGone(items.find(id).orElseThrow().originalBlob());
    }

    /**
     * ATTACKS F-16, the window that was open: retention erased the bytes, an officer released the
     * original before the erasure was recorded, and the release pointed at nothing. The officer's
     * release comes here at the worst moment, inside retention's delete.
     */
    @Test
    void anOfficersReleaseCannotSlipBetweenRetentionsCheckAndItsErasure() throws Exception {
        String id = finished(ItemState.QUARANTINED);
        String original = items.find(id).orElseThrow().originalBlob();
        Quarantine quarantine = officers();
        AtomicReference<Throwable> release = new AtomicReference<>();
        RetentionJob racing = new RetentionJob(
                db,
                new JdbcRetentionStore(),
                items,
                new ReleasingFirst(blobs, () -> {
                    try {
                        quarantine.release(id, "ito", "警察からの照会に対応するため");
                    } catch (RuntimeException e) {
                        release.set(e);
                    }
                }),
                index,
                () -> policy,
                clock,
                current::contains,
                new JdbcQuarantineStore());
        clock.advance(Retention.DEFAULT.originals());

        assertThat(racing.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 1));

        assertThat(release.get())
                .isInstanceOfSatisfying(
                        QuarantineRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarantineRefused.Reason.ORIGINAL_ERASED));
        assertThat(quarantine.releases(id)).isEmpty();
        assertGone(original);
    }

    /** ATTACKS F-16, the other order: an open release keeps the original until its window closes. */
    @Test
    void anOriginalReleasedToAnOfficerIsKeptUntilTheDownloadWindowCloses() throws Exception {
        String id = finished(ItemState.QUARANTINED);
        String original = items.find(id).orElseThrow().originalBlob();
        clock.advance(Retention.DEFAULT.originals().minusHours(1));
        officers().release(id, "ito", "警察からの照会に対応するため");

        clock.advance(Duration.ofHours(2));
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 0));
        assertPresent(original);
        assertThat(officers().downloadable(id, "ito")).isPresent();

        clock.advance(Quarantine.DOWNLOAD_WINDOW);
        assertThat(job.sweep()).isEqualTo(new RetentionJob.Sweep(0, 0, 1));
        assertGone(original);
        assertThat(officers().downloadable(id, "ito")).isEmpty();
    }

    /**
     * ATTACKS F-16 with real threads: the sweep and the release start together, many times over.
     * Each time exactly one wins: a granted release finds its original kept; a refused one says
     * why, and the original is gone.
     */
    @Test
    void retentionAndAReleaseStartedTogetherNeverBothWin() throws Exception {
        Quarantine quarantine = officers();
        ExecutorService two = Executors.newFixedThreadPool(2);
        int released = 0;
        int erased = 0;
        try {
            for (int round = 0; round < 40; round++) {
                String id = finished(ItemState.QUARANTINED);
                String original = items.find(id).orElseThrow().originalBlob();
                clock.advance(Retention.DEFAULT.originals());
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Boolean> release = two.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        quarantine.release(id, "ito", "照会対応 " + id);
                        return true;
                    } catch (QuarantineRefused e) {
                        assertThat(e.reason()).isEqualTo(QuarantineRefused.Reason.ORIGINAL_ERASED);
                        return false;
                    }
                });
                Future<?> sweep = two.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return job.sweep();
                });
                sweep.get(30, TimeUnit.SECONDS);
                if (release.get(30, TimeUnit.SECONDS)) {
                    released++;
                    assertPresent(original);
                    assertThat(quarantine.downloadable(id, "ito")).isPresent();
                    // The window closes; the next round's sweep erases this one too.
                    clock.advance(Quarantine.DOWNLOAD_WINDOW);
                } else {
                    erased++;
                    assertGone(original);
                    assertThat(quarantine.releases(id)).isEmpty();
                }
            }
        } finally {
            two.shutdownNow();
        }
        assertThat(released + erased).isEqualTo(40);
    }

    private Quarantine officers() {
        Accounts accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), clock);
        if (accounts.find("ito").isEmpty()) {
            accounts.create(
                    new Account("ito", Role.OFFICER, "joho", List.of(), false),
                    Optional.of("correct horse battery staple".toCharArray()),
                    "test");
        }
        return new Quarantine(db, new JdbcQuarantineStore(), items, accounts, clock);
    }

    /** The real store, with something else happening just before each delete reaches it. */
    private static final class ReleasingFirst implements BlobStore {
        private final BlobStore delegate;
        private final Runnable before;

        ReleasingFirst(BlobStore delegate, Runnable before) {
            this.delegate = delegate;
            this.before = before;
        }

        @Override
        public BlobWriter create() throws IOException {
            return delegate.create();
        }

        @Override
        public SeekableByteChannel openChannel(BlobId id) throws IOException {
            return delegate.openChannel(id);
        }

        @Override
        public InputStream open(BlobId id) throws IOException {
            return delegate.open(id);
        }

        @Override
        public long size(BlobId id) throws IOException {
            return delegate.size(id);
        }

        @Override
        public boolean exists(BlobId id) {
            return delegate.exists(id);
        }

        @Override
        public void delete(BlobId id) throws IOException {
            before.run();
            delegate.delete(id);
        }
    }

    private String published(Retention retention) throws IOException {
        String id = sanitized(retention);
        index.put(id, "議事録.txt", "第三回の議事録です", Zone.INTERNET, "acme", "text/plain", Instant.now());
        assertThat(items.advance(id, ItemState.SANITIZED, ItemState.INDEXED, new StepFacts.None()))
                .isTrue();
        assertThat(items.advance(id, ItemState.INDEXED, ItemState.PUBLISHED, new StepFacts.Published(clock.instant())))
                .isTrue();
        return id;
    }

    private String awaitingApproval(Retention retention) throws IOException {
        String id = sanitized(retention);
        assertThat(items.advance(id, ItemState.SANITIZED, ItemState.AWAITING_APPROVAL, new StepFacts.None()))
                .isTrue();
        return id;
    }

    private String finished(ItemState state) throws IOException {
        String id = received();
        assertThat(items.advance(id, ItemState.RECEIVED, state, new StepFacts.Stopped("PERSONAL_NUMBER", "", "")))
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
                        new StepFacts.Rendition(rendition, "議事録.txt", "text/plain", "[]")))
                .isTrue();
        return id;
    }

    private String received() throws IOException {
        String id = String.format("%024d", ++serial);
        items.insertReceived(id, OUT, "tanaka", "acme", Optional.empty(), "議事録.txt", store("第三回の議事録です"));
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
