package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.nio.file.Path;

/** Rebuilds one family of formats without active content. */
interface Disarmer {

    /** Whether this disarmer rebuilds files of the detected media type. */
    boolean handles(String mediaType);

    /**
     * Writes a rebuilt copy of {@code input} to {@code output}, or refuses with a reason. Hostile
     * structure is a {@link DisarmResult.Refused}, not an exception. Containers disarm their
     * members through {@code context}.
     *
     * @throws IOException only when the work directory itself fails
     */
    DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException;
}
