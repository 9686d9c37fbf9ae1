package jp.kakehashi.appliance.base;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The version of the release these classes were loaded from: the {@code VERSION} file of
 * {@code RELEASE/} when they run from {@code RELEASE/lib/kakehashi-appliance.jar}, as on the
 * appliance; none when they run from a build tree.
 */
public final class ReleaseVersion {
    private ReleaseVersion() {}

    public static Optional<String> declared() {
        try {
            Path jar = Path.of(ReleaseVersion.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path lib = jar.getParent();
            Path release = lib == null ? null : lib.getParent();
            if (release == null || !Files.isRegularFile(release.resolve("VERSION"))) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(release.resolve("VERSION"), StandardCharsets.US_ASCII)
                    .strip());
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** As people read it: {@code 0.1.1}, or {@code development} from a build tree. */
    public static String text() {
        return declared().orElse("development");
    }
}
