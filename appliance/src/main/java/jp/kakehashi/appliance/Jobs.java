package jp.kakehashi.appliance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's periodic jobs, each on its named thread (jobs on one thread never overlap; a
 * slow job gets a thread of its own so it holds up nothing else). A run that fails is logged with
 * what could not be done, and the job runs again at its next time.
 */
final class Jobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private final Map<String, ScheduledExecutorService> threads = new LinkedHashMap<>();

    /**
     * Runs {@code job} after {@code first}, then {@code every} after each run ends.
     *
     * @param failure what the log says when a run fails, such as "cannot append queued audit records"
     */
    synchronized void every(String thread, Duration first, Duration every, String failure, Runnable job) {
        threads.computeIfAbsent(
                        thread,
                        name -> Executors.newSingleThreadScheduledExecutor(
                                Thread.ofPlatform().name(name).daemon().factory()))
                .scheduleWithFixedDelay(
                        () -> {
                            try {
                                job.run();
                            } catch (RuntimeException e) {
                                log.error("{}; trying again in {} s", failure, every.toSeconds(), e);
                            }
                        },
                        first.toMillis(),
                        every.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /**
     * Stops every job: none starts again, running ones are interrupted, and a job that is writing
     * (a backup finishing its file) gets 20 seconds to end before the appliance goes on closing.
     */
    @Override
    public synchronized void close() {
        threads.values().forEach(ScheduledExecutorService::shutdownNow);
        for (Map.Entry<String, ScheduledExecutorService> t : threads.entrySet()) {
            try {
                if (!t.getValue().awaitTermination(20, TimeUnit.SECONDS)) {
                    log.warn("the {} job is still running; stopping without waiting for it", t.getKey());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
