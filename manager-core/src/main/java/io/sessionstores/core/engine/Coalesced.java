package io.sessionstores.core.engine;

import java.util.function.Function;

/**
 * One store call of a session at a time on one node, shared by the requests that wait for it
 * (group commit for saves, a shared read for loads). Requests of a node share one session object:
 * while one call is in flight, the requests that arrive meanwhile wait and are served together
 * by the following single call, made by the first of them for all.
 *
 * <p>A request never takes the result of a call that started before it arrived: that is why a
 * batch is closed when its call starts. For a save, the request's changes are in the shared
 * session object before it gets here, so the write that starts after it arrived carries them
 * (the write encodes the session only then). For a read, the read that starts after the request
 * arrived sees every write acknowledged before it, as a read of its own would.
 *
 * @param <T> what the call returns
 */
final class Coalesced<T> {

    /** One call and the requests that wait for it. */
    private static final class Batch<T> {
        private T result;
        private boolean done;
    }

    /** The call of one batch, made by one of its requests for all of them. */
    @FunctionalInterface
    interface Call<T> {
        /**
         * @param waited whether this request waited for an earlier call (the state it planned
         *               from may be out of date)
         */
        T run(boolean waited);
    }

    private Batch<T> inFlight;
    private Batch<T> next;

    /**
     * Runs {@code call} now if no call is in flight; otherwise waits, and either returns the
     * result of the call that served this request, or makes that call.
     *
     * @param joined   called when this request was served by another request's call
     * @param ifThrown the result the other requests of the batch get when the call throws (the
     *                 request that made it gets the exception)
     */
    T call(Call<T> call, Runnable joined, Function<Throwable, T> ifThrown) {
        Batch<T> mine;
        boolean waited = false;
        synchronized (this) {
            if (inFlight == null) {
                mine = new Batch<>();
                inFlight = mine;
            } else {
                if (next == null) {
                    next = new Batch<>();
                }
                mine = next;
                waited = true;
                awaitTurn(mine);
                if (mine.done) {
                    joined.run();
                    return mine.result;
                }
                inFlight = mine; // the call before finished: this request calls for the batch
                next = null;
            }
        }
        T result = null;
        Throwable thrown = null;
        try {
            result = call.run(waited);
            return result;
        } catch (RuntimeException | Error e) {
            thrown = e;
            throw e;
        } finally {
            T shared = thrown == null ? result : ifThrown.apply(thrown);
            synchronized (this) {
                mine.result = shared;
                mine.done = true;
                inFlight = null;
                notifyAll();
            }
        }
    }

    /** Waits until {@code mine} is served by another request, or no call is in flight. Store calls are bounded in time. */
    private void awaitTurn(Batch<T> mine) {
        boolean interrupted = false;
        while (!mine.done && inFlight != null) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // a save's changes are in the batch: leaving now would answer unsaved
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
