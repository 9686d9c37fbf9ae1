package jp.kakehashi.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Copies a request body into an upload with reading and writing on two threads. Reading a TLS
 * body decrypts it in the reading thread, and the store hashes and encrypts what it is given in
 * the writing one; on one thread those costs add up, on two they overlap (B-HTTPS-UP). At most
 * {@link #DEPTH} buffers are in flight, so a slow disk slows the client down instead of filling
 * the heap.
 */
final class OverlappedCopy {
    /** Where the bytes go; called on the writing thread only, one call at a time. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    static final int CHUNK = 256 * 1024;
    static final int DEPTH = 4;

    /** A filled buffer, the end of the body, or word that the reader gave up. */
    private record Chunk(byte[] bytes, int length, boolean last) {
        static final Chunk END = new Chunk(new byte[0], 0, true);
        static final Chunk ABANDONED = new Chunk(new byte[0], -1, true);
    }

    private OverlappedCopy() {}

    /**
     * Copies all of {@code in} to {@code sink}. Returns false, having stopped reading, once the body
     * is longer than {@code limit}; what the sink got by then is for the caller to discard. A failure
     * of the sink is thrown here as it was thrown there.
     */
    static boolean copy(InputStream in, Sink sink, long limit) throws IOException {
        BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(DEPTH);
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH + 1);
        for (int i = 0; i <= DEPTH; i++) {
            free.add(new byte[CHUNK]);
        }
        Writing writing = new Writing(filled, free, sink);
        Thread writer = Thread.ofVirtual().name("upload-writer").start(writing);
        boolean complete = false;
        try {
            long total = 0;
            while (true) {
                // A failed writer stops the copy; the finally block lets it go.
                rethrow(writing.failure());
                byte[] buffer = free.take();
                int n = in.readNBytes(buffer, 0, buffer.length);
                total += n;
                if (total > limit) {
                    return false;
                }
                if (n > 0) {
                    filled.put(new Chunk(buffer, n, false));
                }
                if (n < buffer.length) {
                    filled.put(Chunk.END);
                    complete = true;
                    break;
                }
            }
            writer.join();
            rethrow(writing.failure());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while receiving an upload");
        } finally {
            if (!complete) {
                // The writer drains what is queued and stops; it always consumes, so this put ends.
                putUninterruptibly(filled, Chunk.ABANDONED);
                joinUninterruptibly(writer);
            }
        }
    }

    private static final class Writing implements Runnable {
        private final BlockingQueue<Chunk> filled;
        private final BlockingQueue<byte[]> free;
        private final Sink sink;
        private volatile @Nullable Throwable failure;

        Writing(BlockingQueue<Chunk> filled, BlockingQueue<byte[]> free, Sink sink) {
            this.filled = filled;
            this.free = free;
            this.sink = sink;
        }

        @Nullable
        Throwable failure() {
            return failure;
        }

        @Override
        public void run() {
            try {
                for (Chunk c = filled.take(); !c.last(); c = filled.take()) {
                    if (failure == null) {
                        try {
                            sink.write(c.bytes(), 0, c.length());
                        } catch (IOException | RuntimeException | Error e) {
                            // Keep taking, so the reader is never stuck on a full queue; it sees this and stops.
                            failure = e;
                        }
                    }
                    free.add(c.bytes());
                }
            } catch (InterruptedException e) {
                failure = new InterruptedIOException("interrupted while storing an upload");
            }
        }
    }

    private static void rethrow(@Nullable Throwable failure) throws IOException {
        switch (failure) {
            case null -> {}
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(failure);
        }
    }

    private static void putUninterruptibly(BlockingQueue<Chunk> queue, Chunk chunk) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(chunk);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
