package jp.kakehashi.appliance.workers;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import jp.kakehashi.sanitizer.DecryptResult;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.DisarmOptions;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.FileSanitizer;
import jp.kakehashi.sanitizer.Password;
import jp.kakehashi.sanitizer.Reason;
import jp.kakehashi.sanitizer.ReasonCode;
import jp.kakehashi.sanitizer.ResourceLimitException;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.SanitizerException;
import jp.kakehashi.sanitizer.TextResult;
import jp.kakehashi.sanitizer.worker.WorkerMain;
import jp.kakehashi.sanitizer.worker.WorkerProtocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FileSanitizer} whose every parse runs in a worker process. Up to {@code size} workers
 * run at once; each is kept warm between files and replaced after
 * {@link WorkerLimits#filesPerWorker()} files, after a timeout, or when it dies.
 *
 * <p>Outcomes of a worker that ran out of time or memory: {@code disarm} refuses the file as
 * {@link ReasonCode#RESOURCE_LIMIT}; {@code detect} throws {@link ResourceLimitException};
 * {@code readText} answers {@link TextResult.Unreadable}, which DLP treats as unchecked, never as
 * clean (and {@code extractText}, for the index, no text).
 */
public final class WorkerPool implements FileSanitizer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final SanitizerConfig config;
    private final WorkerLimits limits;
    private final List<String> command;
    private final boolean networkIsolated;
    private final Semaphore slots;
    private final ConcurrentLinkedDeque<WorkerProcess> idle = new ConcurrentLinkedDeque<>();
    private final ExecutorService readers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("worker-reader-", 1).daemon().factory());
    private volatile boolean closed;

    /**
     * @param size how many files may be parsed at once (the pipeline's worker count)
     * @param tempDir the workers' {@code java.io.tmpdir}: scratch files of parsers stay in the work area
     */
    public WorkerPool(SanitizerConfig config, WorkerLimits limits, int size, Path tempDir) {
        this.config = requireNonNull(config, "config");
        this.limits = requireNonNull(limits, "limits");
        if (size < 1) {
            throw new IllegalArgumentException("worker pool size must be at least 1, was " + size);
        }
        this.slots = new Semaphore(size, true);
        this.networkIsolated = NetworkIsolation.available();
        if (!networkIsolated) {
            log.warn("this kernel does not allow a private network namespace (unshare -rn); sanitizer workers"
                    + " run without network isolation / ネットワーク分離なしでワーカーを起動します");
        }
        this.command = command(limits, requireNonNull(tempDir, "tempDir"), networkIsolated);
    }

    private static List<String> command(WorkerLimits limits, Path tempDir, boolean isolate) {
        List<String> c = new ArrayList<>();
        if (isolate) {
            c.addAll(NetworkIsolation.PREFIX);
        }
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx" + (limits.heapBytes() >> 20) + "m");
        c.add("-XX:+ExitOnOutOfMemoryError");
        c.add("-XX:+UseSerialGC");
        c.add("-XX:-UsePerfData");
        c.add("-Djava.awt.headless=true");
        c.add("-Djdk.serialFilter=!*");
        c.add("-Djava.io.tmpdir=" + tempDir.toAbsolutePath());
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(WorkerMain.class.getName());
        return List.copyOf(c);
    }

    /** Whether workers run in a private network namespace (shown on the health page). */
    public boolean networkIsolated() {
        return networkIsolated;
    }

    /** Process ids of the workers waiting for work (health page, tests). */
    public List<Long> idleWorkerPids() {
        return idle.stream().map(WorkerProcess::pid).toList();
    }

    @Override
    public Detection detect(Path file, String declaredName) {
        try {
            return call(
                    out -> {
                        out.writeByte(WorkerProtocol.DETECT);
                        WorkerProtocol.writeString(out, file.toString());
                        WorkerProtocol.writeString(out, declaredName);
                    },
                    in -> {
                        byte tag = in.readByte();
                        failIf(tag, WorkerProtocol.DETECTED, in);
                        return WorkerProtocol.readDetection(in);
                    });
        } catch (WorkerFailure e) {
            throw new ResourceLimitException(Reason.of(ReasonCode.RESOURCE_LIMIT, "type detection: " + e.getMessage()));
        }
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path workDir, DisarmOptions options) {
        try {
            return call(
                    out -> {
                        out.writeByte(WorkerProtocol.DISARM);
                        WorkerProtocol.writeString(out, input.toString());
                        WorkerProtocol.writeDetection(out, detection);
                        WorkerProtocol.writeString(out, workDir.toString());
                        WorkerProtocol.writeOptions(out, options);
                    },
                    in -> {
                        byte tag = in.readByte();
                        if (tag == WorkerProtocol.FAILED) {
                            failIf(tag, WorkerProtocol.DISARMED, in);
                        }
                        return WorkerProtocol.readResult(tag, in);
                    });
        } catch (WorkerFailure e) {
            return new DisarmResult.Refused(Reason.of(ReasonCode.RESOURCE_LIMIT, String.valueOf(e.getMessage())));
        }
    }

    @Override
    public DecryptResult decrypt(Path input, Detection detection, Password password, Path workDir) {
        try {
            return call(
                    out -> {
                        out.writeByte(WorkerProtocol.DECRYPT);
                        WorkerProtocol.writeString(out, input.toString());
                        WorkerProtocol.writeDetection(out, detection);
                        WorkerProtocol.writeString(out, new String(password.chars()));
                        WorkerProtocol.writeString(out, workDir.toString());
                    },
                    in -> {
                        byte tag = in.readByte();
                        if (tag == WorkerProtocol.DECRYPTED) {
                            return new DecryptResult.Decrypted(Path.of(WorkerProtocol.readString(in)));
                        }
                        if (tag == WorkerProtocol.NOT_ENCRYPTED) {
                            return new DecryptResult.NotEncrypted();
                        }
                        failIf(tag, WorkerProtocol.REFUSED, in);
                        return new DecryptResult.Refused(
                                ((DisarmResult.Refused) WorkerProtocol.readResult(tag, in)).reason());
                    });
        } catch (WorkerFailure e) {
            return new DecryptResult.Refused(Reason.of(ReasonCode.RESOURCE_LIMIT, String.valueOf(e.getMessage())));
        }
    }

    @Override
    public TextResult readText(Path file, String mediaType) {
        try {
            return call(
                    out -> {
                        out.writeByte(WorkerProtocol.EXTRACT);
                        WorkerProtocol.writeString(out, file.toString());
                        WorkerProtocol.writeString(out, mediaType);
                    },
                    in -> {
                        byte tag = in.readByte();
                        if (tag == WorkerProtocol.UNREADABLE) {
                            return new TextResult.Unreadable(WorkerProtocol.readString(in));
                        }
                        failIf(tag, WorkerProtocol.TEXT, in);
                        return new TextResult.Read(WorkerProtocol.readString(in));
                    });
        } catch (WorkerFailure e) {
            log.warn("text extraction of {} stopped: {}", file.getFileName(), e.getMessage());
            return new TextResult.Unreadable(String.valueOf(e.getMessage()));
        }
    }

    /** A FAILED answer is trouble outside the file (the work directory): the caller retries later. */
    private static void failIf(byte tag, byte expected, DataInputStream in) throws IOException {
        if (tag == WorkerProtocol.FAILED) {
            throw new SanitizerException("sanitizer worker: " + WorkerProtocol.readString(in));
        }
        if (tag != expected) {
            throw new IOException("worker answered " + tag + ", expected " + expected);
        }
    }

    private <T> T call(WorkerProcess.Request request, WorkerProcess.Response<T> response) throws WorkerFailure {
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        slots.acquireUninterruptibly();
        WorkerProcess worker = null;
        boolean reusable = false;
        try {
            worker = borrow();
            T result = worker.call(request, response, limits.timeout(), readers);
            reusable = worker.served() < limits.filesPerWorker();
            return result;
        } catch (SanitizerException e) {
            reusable = true;
            throw e;
        } finally {
            giveBack(worker, reusable);
            slots.release();
        }
    }

    private WorkerProcess borrow() {
        WorkerProcess w;
        while ((w = idle.pollFirst()) != null) {
            if (w.alive()) {
                return w;
            }
            w.close();
        }
        return WorkerProcess.start(command, config, readers);
    }

    private void giveBack(@Nullable WorkerProcess worker, boolean reusable) {
        if (worker == null) {
            return;
        }
        if (reusable && worker.alive() && !closed) {
            idle.addFirst(worker);
        } else {
            worker.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        WorkerProcess w;
        while ((w = idle.pollFirst()) != null) {
            w.close();
        }
        readers.shutdownNow();
    }
}
