package jp.kakehashi.appliance.backup;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.base.DataDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's scheduled backup: a snapshot, then a prune, each outcome audited and kept for the
 * health page. A failing destination (unmounted share, full disk) is reported and retried at the
 * next turn; it never stops or slows the pipeline, which does not wait for it.
 */
public final class BackupJob {
    private static final Logger log = LoggerFactory.getLogger(BackupJob.class);
    private static final Duration SETTLE = Duration.ofMinutes(1);

    /**
     * What the health page shows.
     *
     * @param lastSuccess when the newest snapshot at the destination was taken (read from it at start)
     * @param lastFailure why the last run failed, if it did (cleared by a success)
     */
    public record Status(
            BackupSchedule schedule,
            Optional<Instant> lastSuccess,
            String lastSnapshot,
            long bytes,
            Optional<String> lastFailure,
            Optional<Instant> failedAt) {}

    private final Backup backup;
    private final BackupSchedule schedule;
    private final Consumer<AuditEvent> audit;
    private final Clock clock;
    private volatile Status status;

    public BackupJob(
            DataDir data,
            BackupSchedule schedule,
            AuditKeys keys,
            Consumer<AuditEvent> audit,
            Clock clock,
            SecureRandom random) {
        this.backup = new Backup(data, schedule.configuration(), keys, clock, random);
        this.schedule = requireNonNull(schedule, "schedule");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
        this.status = lastAtDestination(schedule);
    }

    public Status status() {
        return status;
    }

    public BackupSchedule schedule() {
        return schedule;
    }

    /**
     * How long after start the first turn comes: when the last snapshot falls due, but never sooner
     * than a minute (or {@code every}, if shorter) so that a restart does not back up while booting.
     */
    public Duration firstDelay() {
        Duration settle = schedule.every().compareTo(SETTLE) < 0 ? schedule.every() : SETTLE;
        Duration due = status.lastSuccess()
                .map(last -> Duration.between(clock.instant(), last.plus(schedule.every())))
                .orElse(Duration.ZERO);
        return due.compareTo(settle) > 0 ? due : settle;
    }

    /** One turn: never throws, so the scheduler keeps its rhythm. */
    public void run() {
        String destination = schedule.destination().display();
        try (BackupTarget.Opened open = schedule.destination().open()) {
            Backup.Outcome o = backup.to(open.root());
            Prune.Outcome pruned = Prune.run(open.root(), schedule.keep());
            status = new Status(
                    schedule,
                    Optional.of(clock.instant()),
                    o.manifest().snapshot(),
                    o.manifest().bytes(),
                    Optional.empty(),
                    Optional.empty());
            audit.accept(AuditEvent.system(
                    AuditType.BACKUP_CREATED,
                    Map.of(
                            "destination", destination,
                            "snapshot", o.manifest().snapshot(),
                            "blobsCopied", String.valueOf(o.blobsCopied()),
                            "blobsKept", String.valueOf(o.blobsKept()),
                            "bytes", String.valueOf(o.manifest().bytes()),
                            "pruned", String.join(",", pruned.removed()))));
            log.info(
                    "backup {} written to {}: {} files copied, {} already there; {} old snapshot(s) pruned",
                    o.manifest().snapshot(),
                    destination,
                    o.blobsCopied(),
                    o.blobsKept(),
                    pruned.removed().size());
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Status s = status;
            status = new Status(
                    schedule,
                    s.lastSuccess(),
                    s.lastSnapshot(),
                    s.bytes(),
                    Optional.of(reason),
                    Optional.of(clock.instant()));
            log.error(
                    "backup to {} failed; it is tried again at the next turn. バックアップに失敗しました: {}", destination, reason);
            try {
                audit.accept(AuditEvent.system(
                        AuditType.BACKUP_FAILED,
                        Map.of(
                                "destination",
                                destination,
                                "reason",
                                e instanceof BackupRefused r ? r.code() : reason)));
            } catch (RuntimeException auditFailure) {
                log.error("cannot audit the failed backup", auditFailure);
            }
        }
    }

    /**
     * The newest snapshot already in a directory, so a restart does not forget the last backup. An
     * SFTP server is not asked at start (it may be slow or away): its state shows after the first turn.
     */
    private static Status lastAtDestination(BackupSchedule schedule) {
        Optional<Instant> last = Optional.empty();
        String id = "";
        long bytes = 0;
        try {
            if (!(schedule.destination() instanceof BackupTarget.Directory directory)) {
                return new Status(schedule, last, id, bytes, Optional.empty(), Optional.empty());
            }
            Destination dest = new Destination(directory.path());
            List<String> complete = dest.complete();
            if (!complete.isEmpty()) {
                id = complete.get(complete.size() - 1);
                Manifest m = Manifest.parse(Files.readAllBytes(dest.snapshot(id).resolve(Destination.MANIFEST)));
                last = Optional.of(OffsetDateTime.parse(m.created()).toInstant());
                bytes = m.bytes();
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable now (share not mounted yet): the first run says what is wrong.
        }
        return new Status(schedule, last, id, bytes, Optional.empty(), Optional.empty());
    }
}
