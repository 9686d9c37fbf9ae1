package jp.kakehashi.appliance.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.store.Database;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * Installs a signed bundle as a whole version: verify, unpack beside the running version, check the
 * new version starts at all, stop the service, copy the database, switch {@code current}, start, and
 * wait until the new version reports itself running. If it does not within the time allowed, the
 * previous version is switched back and started, on the copied database when the new version had
 * migrated it (migrations only go forward).
 */
public final class Updater {
    /** How the updater drives the service; on the appliance, systemd. */
    public record Settings(
            Releases releases,
            Path trustedKeys,
            DataDir data,
            List<String> stopCommand,
            List<String> startCommand,
            Duration healthTimeout,
            Duration settle) {
        public static Settings appliance(DataDir data) {
            return new Settings(
                    new Releases(Releases.DEFAULT),
                    UpdateKeys.TRUSTED,
                    data,
                    List.of("systemctl", "stop", "kakehashi.service"),
                    List.of("systemctl", "start", "kakehashi.service"),
                    Duration.ofMinutes(3),
                    Duration.ofSeconds(5));
        }
    }

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.of("Asia/Tokyo"));

    private final Settings settings;
    private final Clock clock;
    private final Consumer<String> progress;

    public Updater(Settings settings, Clock clock, Consumer<String> progress) {
        this.settings = settings;
        this.clock = clock;
        this.progress = progress;
    }

    /** Installs the bundle; a refusal before the switch changes nothing (the service keeps running). */
    public UpdateOutcome install(Path bundle) throws IOException, InterruptedException {
        Releases releases = settings.releases();
        Path previousRelease = releases.current()
                .orElseThrow(() ->
                        new UpdateRefused(UpdateRefused.Reason.MALFORMED, "no current release in " + releases.dir()));
        Version previous = Release.versionOf(previousRelease);
        List<Ed25519PublicKeyParameters> keys = UpdateKeys.trusted(settings.trustedKeys());

        say("検証中 / verifying " + bundle.getFileName());
        UpdateManifest manifest = UpdateBundle.verify(bundle, keys);
        Version next = manifest.version();
        if (next.compareTo(previous) < 0) {
            throw new UpdateRefused(UpdateRefused.Reason.DOWNGRADE, next + " < " + previous);
        }
        if (next.equals(previous)) {
            throw new UpdateRefused(UpdateRefused.Reason.SAME_VERSION, next.toString());
        }

        say("展開中 / unpacking " + next + " into " + releases.dir());
        Path nextRelease = releases.unpack(bundle, keys, next);
        preflight(nextRelease, next);

        say("停止中 / stopping " + previous);
        run(settings.stopCommand());
        Path database = settings.data().database();
        @Nullable Path backup = null;
        int schemaBefore = 0;
        try {
            if (Files.exists(database)) {
                backup = backups()
                        .resolve("pre-update-" + previous + "-to-" + next + "-" + STAMP.format(clock.instant())
                                + ".sqlite");
                Files.createDirectories(backups());
                Files.setOwner(backups(), Files.getOwner(database));
                schemaBefore = Database.snapshot(database, backup);
                Files.setOwner(backup, Files.getOwner(database));
                keepOwner(database);
                say("データベースを保存 / database copied to " + backup);
            }
            say("切替 / switching to " + next);
            releases.switchTo(nextRelease);
        } catch (RuntimeException | IOException e) {
            // Nothing new has run yet: the previous version goes back to work as it was.
            releases.switchTo(previousRelease);
            run(settings.startCommand());
            throw e;
        }
        run(settings.startCommand());
        Optional<String> failure = awaitHealthy(next);
        if (failure.isEmpty()) {
            releases.prune(Set.of(nextRelease.toRealPath(), previousRelease.toRealPath()));
            say("完了 / " + next + " is running");
            return new UpdateOutcome.Installed(previous, next, backup);
        }

        say("新しい版が起動しません、元に戻します / " + next + " did not become healthy (" + failure.get() + "); rolling back to "
                + previous);
        run(settings.stopCommand());
        boolean restored = false;
        boolean migrated = backup != null && Database.schemaVersion(database) != schemaBefore;
        keepOwner(database);
        if (migrated) {
            restoreDatabase(java.util.Objects.requireNonNull(backup), database);
            restored = true;
            say("データベースを更新前に戻しました / database restored from " + backup);
        }
        releases.switchTo(previousRelease);
        run(settings.startCommand());
        Optional<String> again = awaitHealthy(previous);
        if (again.isPresent()) {
            throw new UpdateRefused(
                    UpdateRefused.Reason.SERVICE,
                    "the previous version " + previous + " did not start again either (" + again.get()
                            + "); see journalctl -u kakehashi");
        }
        return new UpdateOutcome.RolledBack(next, previous, failure.get(), restored);
    }

    private Path backups() {
        return settings.data().root().resolve("backups");
    }

    /** The new release must at least start its Java runtime and report the version it declares. */
    private void preflight(Path release, Version version) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        release.resolve("runtime/bin/java").toString(),
                        "-cp",
                        release.resolve("lib") + "/*",
                        "jp.kakehashi.appliance.Main",
                        "--version")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done || p.exitValue() != 0 || !out.contains(version.toString())) {
            p.destroyForcibly();
            Releases.deleteTree(release);
            throw new UpdateRefused(UpdateRefused.Reason.DOES_NOT_RUN, out.strip());
        }
    }

    /** Empty when the version reported itself running and was still alive after the settling time. */
    private Optional<String> awaitHealthy(Version version) throws InterruptedException {
        Instant deadline = clock.instant().plus(settings.healthTimeout());
        Path markFile = settings.data().running();
        String seen = "no running mark";
        while (clock.instant().isBefore(deadline)) {
            Optional<RunningMark> mark = RunningMark.read(markFile);
            if (mark.isPresent()
                    && mark.get().version().equals(version.toString())
                    && mark.get().alive()) {
                Thread.sleep(settings.settle().toMillis());
                Optional<RunningMark> still = RunningMark.read(markFile);
                if (still.isPresent()
                        && still.get().equals(mark.get())
                        && still.get().alive()) {
                    return Optional.empty();
                }
                seen = "stopped right after starting";
            } else if (mark.isPresent()) {
                seen = "running mark says " + mark.get().version() + (mark.get().alive() ? "" : " (process gone)");
            }
            Thread.sleep(500);
        }
        return Optional.of("not running after " + settings.healthTimeout().toSeconds() + " s: " + seen);
    }

    /**
     * The updater reads the database as root; should SQLite leave its journal files behind, they
     * must stay the service user's or the daemon cannot open its own database.
     */
    private static void keepOwner(Path database) throws IOException {
        var owner = Files.getOwner(database);
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Path side = database.resolveSibling(database.getFileName() + suffix);
            if (Files.exists(side)) {
                Files.setOwner(side, owner);
            }
        }
    }

    private static void restoreDatabase(Path backup, Path database) throws IOException {
        var owner = Files.getOwner(database);
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
        }
        Path tmp = database.resolveSibling(database.getFileName() + ".restore");
        Files.copy(backup, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.setOwner(tmp, owner);
        Files.move(tmp, database, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new UpdateRefused(UpdateRefused.Reason.SERVICE, String.join(" ", command) + ": " + out.strip());
        }
    }

    private void say(String line) {
        progress.accept(line);
    }
}
