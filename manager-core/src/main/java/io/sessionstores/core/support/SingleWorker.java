package io.sessionstores.core.support;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One job at a time on a daemon thread of its own, for the MBeans whose operations start long
 * work (the size analysis, the migration copy): a second start while one runs is refused, and a
 * stop waits a little for the running job.
 */
public final class SingleWorker {

    private final AtomicReference<Thread> running = new AtomicReference<>();

    /**
     * Runs {@code job} on a new daemon thread named {@code threadName}, unless a job runs;
     * {@code beforeStart} runs first, on the caller's thread, only when the job will start.
     *
     * @return whether the job started
     */
    public boolean start(String threadName, Runnable beforeStart, Runnable job) {
        Thread thread = new Thread(() -> {
            try {
                job.run();
            } finally {
                running.set(null);
            }
        }, threadName);
        thread.setDaemon(true);
        if (!running.compareAndSet(null, thread)) {
            return false;
        }
        beforeStart.run();
        thread.start();
        return true;
    }

    /** Whether a job runs. */
    public boolean isRunning() {
        return running.get() != null;
    }

    /** Waits at most {@code millis} for the running job, if any, to end. */
    public void await(long millis) {
        Thread thread = running.get();
        if (thread != null) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
