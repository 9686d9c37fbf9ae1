package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.nio.file.Path;

/** Rebuilds one family of formats without active content. */
interface Disarmer {

    /** Whether this disarmer rebuilds files of the detected media type. */
    boolean handles(String mediaType);

    /**
     * The largest input this disarmer takes. Those that read a file whole (markup, legacy Office
     * streams, e-mail) set a ceiling; the sanitizer refuses anything larger before they see it.
     */
    default long maxInputBytes() {
        return Long.MAX_VALUE;
    }

    /**
     * Whether this disarmer only holds other files (ZIP, mail). A container is always rebuilt;
     * the profile ladder applies to each member by its own type.
     */
    default boolean container() {
        return false;
    }

    /**
     * Writes a rebuilt copy of {@code input} to {@code output}, or refuses with a reason. Hostile
     * structure is a {@link DisarmResult.Refused}, not an exception. Containers disarm their
     * members through {@code context}.
     *
     * @throws IOException only when the work directory itself fails
     */
    DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException;
}
