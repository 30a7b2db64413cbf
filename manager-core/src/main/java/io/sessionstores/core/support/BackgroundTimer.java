package io.sessionstores.core.support;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A store's periodic background job on a daemon thread of its own, whose context class loader is
 * the library's: the thread never pins a web application's loader after the context stops.
 */
public final class BackgroundTimer {

    private BackgroundTimer() {
    }

    /**
     * Runs {@code job} every {@code periodMillis} (with a fixed delay between runs), the first run
     * after {@code initialDelayMillis}, on a thread named {@code threadName}. Stop it with
     * {@link ScheduledExecutorService#shutdownNow()}.
     */
    public static ScheduledExecutorService every(String threadName, Runnable job, long initialDelayMillis,
                                                 long periodMillis) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            thread.setContextClassLoader(BackgroundTimer.class.getClassLoader());
            return thread;
        });
        timer.scheduleWithFixedDelay(job, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
        return timer;
    }
}
