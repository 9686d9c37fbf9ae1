package jp.kakehashi.appliance.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import jp.kakehashi.appliance.base.ReleaseVersion;

/**
 * One installed version of the appliance: a directory holding {@code VERSION}, {@code lib/} (the
 * jars) and {@code runtime/} (its own jlink Java runtime), so versions never share a file.
 */
public final class Release {
    static final String VERSION_FILE = "VERSION";

    private Release() {}

    /** The version a release directory declares in its {@code VERSION} file. */
    static Version versionOf(Path release) {
        try {
            return Version.parse(Files.readString(release.resolve(VERSION_FILE), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "no " + VERSION_FILE + " in " + release);
        }
    }

    /** Refuses a release directory that lacks the jars or the runtime the service starts. */
    static void requireComplete(Path release) {
        for (String part : new String[] {"lib/kakehashi-appliance.jar", "runtime/bin/java"}) {
            if (!Files.isRegularFile(release.resolve(part))) {
                throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "no " + part + " in the release");
            }
        }
    }

    /** The version of the code running now; empty when it runs from a build tree. */
    public static Optional<Version> running() {
        try {
            return ReleaseVersion.declared().map(Version::parse);
        } catch (UpdateRefused e) {
            return Optional.empty();
        }
    }
}
