package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The archive walker under a fuzzer (ISSUE 21 §8, ATTACKS ARC-*): any bytes that claim to be a
 * ZIP are rebuilt or refused with a reason; nothing else escapes, a rebuilt archive opens and
 * names no member outside itself, and no temporary file is left behind.
 */
class ArchiveWalkerFuzzTest {
    private static final Sanitizer SANITIZER = Sanitizer.create(SanitizerConfig.defaults());
    private static final Path WORK = work();

    @FuzzTest(maxDuration = "60s")
    void anyZipIsRebuiltOrRefusedAndLeavesNothing(byte[] input) throws IOException {
        Path run = Files.createTempDirectory(WORK, "run");
        Path in = run.resolve("in.zip");
        Files.write(in, input);
        Path out = Files.createDirectory(run.resolve("out"));
        DisarmResult result = SANITIZER.disarm(in, new Detection("application/zip", ".zip", ".zip"), out);
        switch (result) {
            case DisarmResult.Disarmed d -> {
                try (ZipFile zip = new ZipFile(d.output().toFile(), StandardCharsets.UTF_8)) {
                    for (ZipEntry e : Collections.list(zip.entries())) {
                        String name = e.getName();
                        assertThat(name)
                                .doesNotStartWith("/")
                                .doesNotContain("\\")
                                .doesNotContain(":");
                        assertThat(name.split("/")).doesNotContain("..", ".");
                    }
                }
            }
            case DisarmResult.Refused r -> assertThat(r.reason().code()).isNotNull();
        }
        try (Stream<Path> left = Files.walk(out)) {
            assertThat(left.filter(Files::isRegularFile)
                            .filter(p -> result instanceof DisarmResult.Disarmed d ? !p.equals(d.output()) : true)
                            .toList())
                    .as("nothing left in the work directory but the result")
                    .isEmpty();
        }
        try (Stream<Path> all = Files.walk(run)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Path work() {
        try {
            return Files.createTempDirectory("archive-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
