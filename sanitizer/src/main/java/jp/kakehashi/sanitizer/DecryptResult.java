package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** What opening an encrypted file with a password gave. */
public sealed interface DecryptResult {

    /** The file was encrypted; {@code output} (in the caller's work directory) is the opened copy. */
    record Decrypted(Path output) implements DecryptResult {
        public Decrypted {
            requireNonNull(output, "output");
        }
    }

    /** The file was not encrypted: go on with it as it is. */
    record NotEncrypted() implements DecryptResult {}

    /** The password is wrong, or the file cannot be opened safely. */
    record Refused(Reason reason) implements DecryptResult {
        public Refused {
            requireNonNull(reason, "reason");
        }
    }
}
