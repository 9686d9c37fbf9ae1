package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * An upload streaming into the appliance's encrypted store. Nothing enters the pipeline until
 * {@link #commit()}; {@link #abort()} (or a failed write) leaves only an audit record.
 */
public interface Upload {
    void write(byte[] bytes, int offset, int length) throws IOException;

    long written();

    /** Stores the file and hands it to the pipeline; returns the new item. */
    ItemView commit() throws IOException;

    void abort();

    /** Puts the bytes so far on disk while a resumable upload waits for its next part. */
    default void pause() throws IOException {}

    /** Drops the bytes of an upload left unfinished too long (a resumable one nobody went on with). */
    default void expire() {
        abort();
    }

    /**
     * A write the appliance refused with a reason the sender can act on ({@code DISK_FULL}): the
     * upload is over, and the front end answers with the reason rather than an incident.
     */
    final class Stopped extends IOException {
        private static final long serialVersionUID = 1L;

        private final String code;
        private final String ja;
        private final String en;

        public Stopped(String code, String ja, String en) {
            super(code + ": " + en);
            this.code = requireNonNull(code, "code");
            this.ja = requireNonNull(ja, "ja");
            this.en = requireNonNull(en, "en");
        }

        public String code() {
            return code;
        }

        public String ja() {
            return ja;
        }

        public String en() {
            return en;
        }
    }

    /** The answer to a request to upload. */
    sealed interface Start {
        record Ready(Upload upload) implements Start {
            public Ready {
                requireNonNull(upload, "upload");
            }
        }

        /** The name or the destination is refused, with a stable code and readable reasons. */
        record Refused(String code, String ja, String en) implements Start {
            public Refused {
                requireNonNull(code, "code");
                requireNonNull(ja, "ja");
                requireNonNull(en, "en");
            }
        }
    }
}
