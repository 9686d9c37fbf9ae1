package jp.kakehashi.appliance.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.base.ReleaseVersion;

/**
 * What the daemon writes into its data directory once every listener is up, and removes when it
 * stops: the updater's sign that a version started and serves (its version and process).
 */
public record RunningMark(String version, long pid, Instant started) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The mark of this process. */
    public static RunningMark now() {
        return new RunningMark(ReleaseVersion.text(), ProcessHandle.current().pid(), Instant.now());
    }

    /** Writes the mark atomically (a reader never sees half of it). */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(
                tmp,
                JSON.createObjectNode()
                        .put("version", version)
                        .put("pid", pid)
                        .put("started", started.toString())
                        .toString());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The mark in {@code file}, if there is a readable one. */
    public static Optional<RunningMark> read(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            return Optional.of(new RunningMark(
                    node.path("version").asText(),
                    node.path("pid").asLong(),
                    Instant.parse(node.path("started").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when the process that wrote the mark is still alive. */
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
