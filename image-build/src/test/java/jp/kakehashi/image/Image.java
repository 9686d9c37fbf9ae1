package jp.kakehashi.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The appliance image, built once per test run by {@code image-build/build.sh} (which reuses the
 * Debian base and the jlink runtime from its cache when their inputs are unchanged).
 */
final class Image {
    private static Image built;

    final Path out;
    final Path root;
    final String buildLog;

    private Image(Path out, String buildLog) {
        this.out = out;
        this.root = out.resolve("root");
        this.buildLog = buildLog;
    }

    static synchronized Image build() {
        if (built == null) {
            Path script = Path.of("build.sh").toAbsolutePath();
            Cmd.Result r = Cmd.run(List.of("bash", script.toString(), "--skip-maven"), 1200);
            if (r.exit() != 0) {
                throw new IllegalStateException("image-build/build.sh failed:\n" + r.output());
            }
            System.out.println(r.output());
            built = new Image(Path.of("target", "image").toAbsolutePath(), r.output());
        }
        return built;
    }

    /** The report build.sh wrote: sizes, modules, package count, the jars' hash. */
    String report() throws java.io.IOException {
        return Files.readString(out.resolve("report.txt"));
    }
}
