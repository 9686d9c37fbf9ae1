package jp.kakehashi.appliance.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.config.ResumableUploads;
import org.junit.jupiter.api.Test;

/** The kept uploads: whose they are, how many, and when they are discarded. */
class PartialUploadsTest {
    private final List<AuditEvent> audit = new ArrayList<>();
    private final List<String> aborted = new ArrayList<>();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final PartialUploads partials =
            new PartialUploads(new ResumableUploads(Duration.ofHours(24), 2), audit::add, clock);

    @Test
    void temporaryNamesStandForTheNameWithoutTheirSuffix() {
        assertThat(PartialUploads.finalName("図面.dwg.filepart")).contains("図面.dwg");
        assertThat(PartialUploads.finalName("report.PDF.Part")).contains("report.PDF");
        assertThat(PartialUploads.finalName("data.csv.tmp")).contains("data.csv");
        assertThat(PartialUploads.finalName("report.pdf")).isEmpty();
        assertThat(PartialUploads.finalName(".filepart"))
                .as("nothing left to name")
                .isEmpty();
    }

    @Test
    void aKeptUploadIsItsOwnersAlone() throws Exception {
        PartialUpload mine = upload("acme-user", "a.bin.filepart");
        partials.start(mine);
        assertThat(partials.find("acme-user", List.of("to-city"), "a.bin.filepart"))
                .containsSame(mine);
        assertThat(partials.find("acme-second", List.of("to-city"), "a.bin.filepart"))
                .isEmpty();
        assertThat(partials.in("acme-second", List.of("to-city"))).isEmpty();
        assertThat(partials.in("acme-user", List.of("to-city"))).containsExactly(mine);
    }

    @Test
    void anIdleUploadIsDiscardedAndAuditedOnceItsTimeIsUp() throws Exception {
        PartialUpload idle = upload("acme-user", "old.bin");
        partials.start(idle);
        idle.release();
        PartialUpload writing = upload("acme-user", "busy.bin");
        partials.start(writing);

        clock.advance(Duration.ofHours(23));
        partials.expire();
        assertThat(aborted).isEmpty();

        clock.advance(Duration.ofHours(2));
        partials.expire();
        assertThat(aborted).containsExactly("old.bin");
        assertThat(partials.find("acme-user", List.of("to-city"), "old.bin")).isEmpty();
        assertThat(partials.find("acme-user", List.of("to-city"), "busy.bin"))
                .as("a session still writes it")
                .isPresent();
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditType.UPLOAD_EXPIRED);
            assertThat(e.actor()).isEqualTo("acme-user");
            assertThat(e.data()).containsEntry("name", "old.bin").containsEntry("bytes", "3");
        });
    }

    @Test
    void anAccountKeepsAtMostTheConfiguredNumber() throws Exception {
        partials.start(upload("acme-user", "one.bin"));
        partials.start(upload("acme-user", "two.bin"));
        assertThatThrownBy(() -> partials.start(upload("acme-user", "three.bin")))
                .isInstanceOf(PartialUploads.TooManyPartials.class)
                .hasMessageContaining("TOO_MANY_PARTIAL_UPLOADS")
                .hasMessageContaining("上限 2 件");
        // Starting one over under its own name is not one more.
        partials.start(upload("acme-user", "two.bin"));
        // Another account has its own count.
        partials.start(upload("acme-second", "one.bin"));
    }

    @Test
    void startingOverReplacesAnIdleUploadAndDetachesOneStillBeingWritten() throws Exception {
        PartialUpload idle = upload("acme-user", "x.bin");
        partials.start(idle);
        idle.release();
        assertThat(partials.start(upload("acme-user", "x.bin"))).containsSame(idle);

        PartialUpload writing = upload("acme-user", "y.bin");
        partials.start(writing);
        assertThat(partials.start(upload("acme-user", "y.bin"))).isEqualTo(Optional.empty());
        assertThat(writing.detached()).isTrue();
    }

    private PartialUpload upload(String owner, String name) {
        return new PartialUpload(
                owner,
                "internet",
                List.of("to-city"),
                name,
                PartialUploads.finalName(name).orElse(name),
                new UploadChannel.Sink() {
                    @Override
                    public void write(byte[] bytes, int offset, int length) {}

                    @Override
                    public long written() {
                        return 3;
                    }

                    @Override
                    public void commit() {}

                    @Override
                    public void abort() {
                        aborted.add(name);
                    }
                },
                clock.instant());
    }
}
