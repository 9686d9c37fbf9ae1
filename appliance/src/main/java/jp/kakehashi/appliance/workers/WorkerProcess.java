package jp.kakehashi.appliance.workers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.worker.WorkerProtocol;

/** One worker JVM and the pipes to it. Used by one thread at a time (the pool hands it out). */
final class WorkerProcess implements AutoCloseable {
    /** The JVM's exit status after {@code -XX:+ExitOnOutOfMemoryError}. */
    private static final int OUT_OF_MEMORY_EXIT = 3;

    /** How long a new worker may take to load its parsers. */
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;
    private int served;

    private WorkerProcess(Process process) {
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    static WorkerProcess start(List<String> command, SanitizerConfig config, ExecutorService readers) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            WorkerProcess worker = new WorkerProcess(p);
            WorkerProtocol.writeConfig(worker.out, config);
            worker.out.flush();
            worker.awaitReady(readers);
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a sanitizer worker: " + String.join(" ", command), e);
        }
    }

    private void awaitReady(ExecutorService readers) throws IOException {
        Future<Byte> ready = readers.submit(in::readByte);
        try {
            byte b = ready.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
            if (b != WorkerProtocol.READY) {
                throw new IOException("the worker started with " + b + " instead of READY");
            }
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("the worker did not become ready within " + STARTUP.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a worker started", e);
        }
    }

    interface Request {
        void write(DataOutputStream out) throws IOException;
    }

    interface Response<T> {
        T read(DataInputStream in) throws IOException;
    }

    /**
     * Sends one request and waits at most {@code timeout} for its answer. A worker that does not
     * answer in time is killed; one that dies is reported with the reason it died.
     */
    <T> T call(Request request, Response<T> response, Duration timeout, ExecutorService readers) throws WorkerFailure {
        served++;
        Future<T> answer;
        try {
            request.write(out);
            out.flush();
            answer = readers.submit(() -> response.read(in));
        } catch (IOException e) {
            throw died();
        }
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            answer.cancel(true);
            throw new WorkerFailure("time budget of " + timeout.toSeconds() + " s exceeded; the worker was stopped");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException answered) {
                // A complete FAILED answer: the worker is in step and stays usable.
                throw answered;
            }
            throw died();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new WorkerFailure("interrupted while the worker was busy");
        }
    }

    private WorkerFailure died() {
        int status;
        try {
            // Its output closed because the JVM is exiting: let it finish, so its own status (3 after
            // an OutOfMemoryError) tells why. Killing it first would always read 137 (SIGKILL).
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            status = process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            status = -1;
        }
        return new WorkerFailure(
                status == OUT_OF_MEMORY_EXIT
                        ? "the worker ran out of memory and was stopped"
                        : "the worker ended unexpectedly (exit status " + status + ")");
    }

    int served() {
        return served;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Closes the worker's input, which ends it; kills it if it does not end promptly. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // Already gone; the kill below makes sure.
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
