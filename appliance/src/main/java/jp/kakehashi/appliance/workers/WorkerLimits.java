package jp.kakehashi.appliance.workers;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Budgets of one sanitizer worker process.
 *
 * @param heapBytes the worker JVM's maximum heap ({@code -Xmx}); a file needing more ends the worker
 * @param timeout the longest one request (detect, disarm, extract) may take before the worker is killed
 * @param filesPerWorker requests a worker serves before it is replaced by a fresh one
 */
public record WorkerLimits(long heapBytes, Duration timeout, int filesPerWorker) {
    public WorkerLimits {
        requireNonNull(timeout, "timeout");
        if (heapBytes < (32L << 20)) {
            throw new IllegalArgumentException("worker heap must be at least 32MB, was " + heapBytes + " bytes");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("worker timeout must be positive, was " + timeout);
        }
        if (filesPerWorker < 1) {
            throw new IllegalArgumentException("files per worker must be at least 1, was " + filesPerWorker);
        }
    }

    /** 768 MB (a 50-megapixel image decodes with room to spare), 2 minutes, 500 files. */
    public static WorkerLimits defaults() {
        return new WorkerLimits(768L << 20, Duration.ofMinutes(2), 500);
    }
}
