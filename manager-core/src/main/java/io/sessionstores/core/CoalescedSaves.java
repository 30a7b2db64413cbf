package io.sessionstores.core;

/**
 * Group commit of one session's saves on one node. Requests of a node share one session object,
 * so their saves must not race each other with compare-and-set writes against the same stored
 * version: while one save of the session is in flight, the requests that end meanwhile wait and
 * leave together in the following single write, made by the first of them for all; each returns
 * only once a write that carries its changes has been acknowledged (or has failed).
 *
 * <p>A request's changes are in the shared session object before it gets here, so the write
 * that starts after it arrived carries them: that is why a batch is closed when its write
 * starts, and why the write encodes the session only then.
 */
final class CoalescedSaves {

    /** One write and the requests that wait for it. */
    private static final class Batch {
        private SessionPersister.Outcome outcome;
        private boolean done;
    }

    /** The write of one batch, done by one of its requests for all of them. */
    @FunctionalInterface
    interface Write {
        /**
         * @param waited whether this request waited for an earlier write (the state it planned to
         *               write may be out of date)
         */
        SessionPersister.Outcome run(boolean waited);
    }

    private Batch inFlight;
    private Batch next;

    /**
     * Runs {@code write} now if no write of this session is in flight; otherwise waits, and either
     * returns the outcome of the write that carried this request's changes, or makes that write.
     *
     * @param coalesced called when this request's changes left in another request's write
     */
    SessionPersister.Outcome save(Write write, Runnable coalesced) {
        Batch mine;
        boolean waited = false;
        synchronized (this) {
            if (inFlight == null) {
                mine = new Batch();
                inFlight = mine;
            } else {
                if (next == null) {
                    next = new Batch();
                }
                mine = next;
                waited = true;
                awaitTurn(mine);
                if (mine.done) {
                    coalesced.run();
                    return mine.outcome;
                }
                inFlight = mine; // the write before finished: this request writes for the batch
                next = null;
            }
        }
        SessionPersister.Outcome outcome = SessionPersister.Outcome.FAILED;
        try {
            outcome = write.run(waited);
            return outcome;
        } finally {
            synchronized (this) {
                mine.outcome = outcome;
                mine.done = true;
                inFlight = null;
                notifyAll();
            }
        }
    }

    /** Waits until {@code mine} is written by another request, or no write is in flight. Store calls are bounded in time. */
    private void awaitTurn(Batch mine) {
        boolean interrupted = false;
        while (!mine.done && inFlight != null) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // the changes are in the batch: leaving now would answer unsaved
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
