package jp.kakehashi.appliance.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ATTACKS F-07, power loss: a blob is on disk before its name says so. Without a power-cut rig, the
 * order of the system calls is what can be proved: a real JVM writes a blob under {@code strace},
 * and the file's data is forced before the rename that publishes it, each new folder's name is
 * forced in its parent before the rename, and the folder holding the new name is forced after it.
 */
@Timeout(120)
class BlobDurabilityIT {
    /** {@code fsync(12</path>) = 0} or {@code fdatasync(...)}: the call and the file it forced. */
    private static final Pattern FORCE = Pattern.compile("(fsync|fdatasync)\\(\\d+<([^>]+)>\\)\\s+= 0");

    /** {@code rename("/a", "/b") = 0}, or the renameat forms with a directory descriptor first. */
    private static final Pattern RENAME =
            Pattern.compile("rename(?:at2?)?\\((?:[^,]*, )?\"([^\"]+)\", (?:[^,]*, )?\"([^\"]+)\"[^)]*\\)\\s+= 0");

    @TempDir
    Path dir;

    @Test
    void aBlobIsForcedBeforeItsRenameAndItsFolderAfter() throws Exception {
        Path root = dir.toRealPath().resolve("data");
        Files.createDirectories(root);
        Path trace = dir.resolve("strace.txt");
        Process p = new ProcessBuilder(
                        "strace",
                        "-f",
                        "-qq",
                        "-y",
                        "-e",
                        "trace=fsync,fdatasync,rename,renameat,renameat2",
                        "-o",
                        trace.toString(),
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WriteOneBlob.class.getName(),
                        root.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Path blob = Path.of(out.lines().reduce((a, b) -> b).orElseThrow().strip());

        List<String> calls = new ArrayList<>();
        for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8)) {
            Matcher force = FORCE.matcher(line);
            Matcher rename = RENAME.matcher(line);
            if (force.find() && force.group(2).startsWith(root.toString())) {
                calls.add("force " + force.group(2));
            } else if (rename.find() && rename.group(2).startsWith(root.toString())) {
                calls.add("rename " + rename.group(1) + " -> " + rename.group(2));
            }
        }
        int renamed = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith("rename ") && calls.get(i).endsWith(" -> " + blob)) {
                renamed = i;
            }
        }
        assertThat(renamed)
                .as("the rename that publishes the blob, in %s", calls)
                .isNotNegative();
        String temp = calls.get(renamed)
                .substring("rename ".length(), calls.get(renamed).indexOf(" -> "));
        Path shard = blob.getParent();

        assertThat(calls.indexOf("force " + temp))
                .as("the temp file forced, in %s", calls)
                .isBetween(0, renamed - 1);
        assertThat(calls.indexOf("force " + shard.getParent()))
                .as("the new shard's name forced, in %s", calls)
                .isBetween(0, renamed - 1);
        assertThat(calls.indexOf("force " + shard.getParent().getParent()))
                .as("the new first-level shard's name forced, in %s", calls)
                .isBetween(0, renamed - 1);
        assertThat(calls.subList(renamed + 1, calls.size()))
                .as("the folder holding the new name forced after the rename")
                .contains("force " + shard);
    }
}
