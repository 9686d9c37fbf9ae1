package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/** What disarming one file produced: a verified rebuilt file, or a reason it cannot cross. */
public sealed interface DisarmResult {

    /**
     * A rebuilt file that passed independent verification.
     *
     * @param output the rebuilt file, in the work directory the caller gave
     * @param mediaType the media type of the output (a {@code .docm} becomes a {@code .docx})
     * @param extension the extension the output should carry, with its dot
     * @param removals every element removed or rebuilt; empty means the file was clean
     */
    record Disarmed(Path output, String mediaType, String extension, List<Removal> removals) implements DisarmResult {
        public Disarmed {
            requireNonNull(output, "output");
            requireNonNull(mediaType, "mediaType");
            requireNonNull(extension, "extension");
            removals = List.copyOf(removals);
        }

        public Verdict verdict() {
            return removals.isEmpty() ? Verdict.CLEAN : Verdict.SANITIZED;
        }

        /**
         * The name this rendition is published under: the sender's name with the output's
         * extension ({@code 見積書.docm} becomes {@code 見積書.docx}); a matching extension is kept.
         */
        public String nameFor(String originalName) {
            String current = Detection.extensionOf(originalName);
            if (current.equals(extension)) {
                return originalName;
            }
            String base = current.isEmpty()
                    ? originalName
                    : originalName.substring(0, originalName.length() - current.length());
            return base + extension;
        }
    }

    /** The file cannot cross; the reason says why and whether the original is quarantined. */
    record Refused(Reason reason) implements DisarmResult {
        public Refused {
            requireNonNull(reason, "reason");
        }
    }
}
