package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

/**
 * What clamd said about one stream. Only {@link Clean} lets a file go on; {@link Unavailable}
 * means "try again later", never "clean".
 */
public sealed interface ScanOutcome {

    /** clamd replied exactly {@code stream: OK}. */
    record Clean() implements ScanOutcome {}

    /** clamd found a signature. */
    record Infected(String signature) implements ScanOutcome {
        public Infected {
            requireNonNull(signature, "signature");
        }
    }

    /**
     * clamd met encrypted content it cannot open ({@code Heuristics.Encrypted.*} with
     * AlertEncrypted): not malware, but not scannable either until someone supplies the password.
     */
    record Encrypted(String signature) implements ScanOutcome {
        public Encrypted {
            requireNonNull(signature, "signature");
        }
    }

    /**
     * clamd answered but could not scan the whole stream (size limit, heuristics limits, an
     * error reply): the file cannot be shown clean, so it does not cross.
     */
    record Unscannable(String clamdReply) implements ScanOutcome {
        public Unscannable {
            requireNonNull(clamdReply, "clamdReply");
        }
    }

    /** clamd could not be reached or did not answer in time; the caller retries later. */
    record Unavailable(String detail) implements ScanOutcome {
        public Unavailable {
            requireNonNull(detail, "detail");
        }
    }
}
