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

    /**
     * clamd could not be reached, did not answer in time, or dropped the connection while reading
     * the stream; the caller retries later.
     *
     * @param dropped clamd went away in the middle of this stream (it crashed or was restarted):
     *     a file on which that keeps happening may be attacking the scanner (ATTACKS F-02)
     */
    record Unavailable(String detail, boolean dropped) implements ScanOutcome {
        public Unavailable {
            requireNonNull(detail, "detail");
        }

        public Unavailable(String detail) {
            this(detail, false);
        }
    }
}
