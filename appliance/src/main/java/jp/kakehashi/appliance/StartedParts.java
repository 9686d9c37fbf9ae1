package jp.kakehashi.appliance;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What start-up has opened so far (the database, logs, threads, listeners), so that a part which
 * fails to start — a port already taken, a certificate that cannot be read — does not leave the
 * others running in a process that has given up: they are closed newest first and the failure is
 * thrown on with any failure to close attached.
 */
final class StartedParts {
    /** Closes one part; may throw, which is recorded on the start-up failure. */
    @FunctionalInterface
    interface Closer {
        void close() throws Exception;
    }

    private record Part(String name, Closer closer) {}

    private final Deque<Part> parts = new ArrayDeque<>();

    /** Records a part that is open, to be closed by {@code closer} if start-up fails later. */
    void add(String name, Closer closer) {
        parts.push(new Part(name, closer));
    }

    /** Closes every part recorded, newest first, attaching failures to {@code failure}. */
    void closeAfter(Throwable failure) {
        while (!parts.isEmpty()) {
            Part p = parts.pop();
            try {
                p.closer().close();
            } catch (Exception | Error e) {
                failure.addSuppressed(
                        new IllegalStateException("cannot close " + p.name() + " after a failed start", e));
            }
        }
    }
}
