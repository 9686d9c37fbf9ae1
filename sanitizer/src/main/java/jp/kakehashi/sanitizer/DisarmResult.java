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
     * @param method the profile that produced the file (an auditor asks how each file was disarmed)
     */
    record Disarmed(Path output, String mediaType, String extension, List<Removal> removals, Profile method)
            implements DisarmResult {
        public Disarmed {
            requireNonNull(output, "output");
            requireNonNull(mediaType, "mediaType");
            requireNonNull(extension, "extension");
            removals = List.copyOf(removals);
            requireNonNull(method, "method");
        }

        /** A file rebuilt in its own format (the first rung of every ladder). */
        public Disarmed(Path output, String mediaType, String extension, List<Removal> removals) {
            this(output, mediaType, extension, removals, Profile.REBUILD);
        }

        /** The same result with {@code earlier} (why earlier profiles failed) listed first. */
        Disarmed after(List<Removal> earlier) {
            List<Removal> all = new java.util.ArrayList<>(earlier);
            all.addAll(removals);
            return new Disarmed(output, mediaType, extension, all, method);
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
