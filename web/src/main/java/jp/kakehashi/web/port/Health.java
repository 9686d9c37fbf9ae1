package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * How the appliance is doing, as the administrators' health page shows it.
 *
 * @param scannerVersion clamd's version line; empty when it does not answer
 * @param signaturesDate when clamd's signature database was built, if it says
 * @param queueLength files received and not yet finished
 * @param auditBacklog audit events queued and not yet in the log
 * @param backup the scheduled backups' state
 */
public record Health(
        boolean scannerReachable,
        String scannerAddress,
        String scannerVersion,
        Optional<Instant> signaturesDate,
        long diskFreeBytes,
        long diskTotalBytes,
        int queueLength,
        int auditBacklog,
        BackupHealth backup,
        Instant checkedAt) {
    public Health {
        requireNonNull(scannerAddress, "scannerAddress");
        requireNonNull(scannerVersion, "scannerVersion");
        requireNonNull(signaturesDate, "signaturesDate");
        requireNonNull(backup, "backup");
        requireNonNull(checkedAt, "checkedAt");
    }

    /** No backup scheduled, or none for over a day: the data would not survive the disk. */
    public boolean backupStale() {
        return backup.stale(checkedAt);
    }

    /** Signatures older than this are a warning: clamd is not being updated. */
    public static final java.time.Duration SIGNATURES_STALE = java.time.Duration.ofDays(3);

    public boolean signaturesStale() {
        return signaturesDate
                .map(d -> d.isBefore(checkedAt.minus(SIGNATURES_STALE)))
                .orElse(false);
    }

    /** Less than a tenth of the data disk free is a warning. */
    public boolean diskLow() {
        return diskTotalBytes > 0 && diskFreeBytes * 10 < diskTotalBytes;
    }
}
