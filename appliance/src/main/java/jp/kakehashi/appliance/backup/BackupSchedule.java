package jp.kakehashi.appliance.backup;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's own backups ({@code backup:} in kakehashi.yaml): a snapshot to {@code destination}
 * every {@code every}, then a prune by {@code keep}.
 *
 * @param configuration the files copied with each snapshot for comparison after a restore (the
 *     configuration file itself and the policy file it names)
 */
public record BackupSchedule(
        BackupTarget destination, Duration every, SnapshotRetention keep, List<Path> configuration) {
    public BackupSchedule {
        requireNonNull(destination, "destination");
        requireNonNull(every, "every");
        requireNonNull(keep, "keep");
        configuration = List.copyOf(configuration);
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("backups must be at least a second apart, was " + every);
        }
    }
}
