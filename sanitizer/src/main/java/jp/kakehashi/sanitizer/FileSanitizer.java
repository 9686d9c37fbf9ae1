package jp.kakehashi.sanitizer;

import java.nio.file.Path;

/**
 * What the pipeline asks of a sanitizer: the true type of a file, a disarmed and verified copy,
 * and the text of that copy. {@link Sanitizer} does this in the calling JVM; the appliance's
 * worker pool does it in separate, capped JVMs so that no hostile file can exhaust the daemon.
 */
public interface FileSanitizer {

    /**
     * The true type of {@code file} from its content, compared with {@code declaredName}.
     *
     * @throws ResourceLimitException when reading the file exhausted its time or memory budget
     */
    Detection detect(Path file, String declaredName);

    /**
     * Disarms {@code input} into a new file under {@code workDir} with the first profile of its
     * type's ladder in {@code options} that yields a verified file. Every outcome for a hostile or
     * broken file is a value ({@link DisarmResult.Refused}, including running out of time or
     * memory); exceptions mean the work directory or the machine failed.
     */
    DisarmResult disarm(Path input, Detection detection, Path workDir, DisarmOptions options);

    /** {@link #disarm(Path, Detection, Path, DisarmOptions)} with {@link DisarmOptions#DEFAULTS}. */
    default DisarmResult disarm(Path input, Detection detection, Path workDir) {
        return disarm(input, detection, workDir, DisarmOptions.DEFAULTS);
    }

    /**
     * Opens an encrypted ZIP, Office or PDF file with the password its recipient gives, into a
     * new file under {@code workDir} that is then scanned and disarmed like any other. The
     * password is never logged, stored or reported.
     */
    DecryptResult decrypt(Path input, Detection detection, Password password, Path workDir);

    /** The text of a disarmed rendition, for the search index; empty when it has none or cannot be read. */
    default String extractText(Path file, String mediaType) {
        return readText(file, mediaType).text();
    }

    /** The text of a file, or that it could not be read: what DLP must know ({@link TextResult}). */
    TextResult readText(Path file, String mediaType);
}
