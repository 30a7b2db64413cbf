package io.sessionstores.core.analysis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a running analysis is, readable from any thread, and its cancel switch. {@code processed}
 * counts the records the store examined (or the ids looked up); {@code expected} is the store's
 * record count (or the number of ids): an upper bound, since a size filter served by an index
 * never examines the smaller records.
 */
public final class AnalysisProgress {

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong expected = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public long processed() {
        return processed.get();
    }

    public long expected() {
        return expected.get();
    }

    /** Asks the analysis to stop after the current batch; its report covers what it saw. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    void expect(long count) {
        expected.set(count);
    }

    void advance(long count) {
        processed.addAndGet(count);
    }
}
