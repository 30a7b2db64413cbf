package io.sessionstores.core.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * The Manager's counters, exposed through JMX. Cheap to update from request threads.
 */
public final class ManagerStats {
    public final LongAdder loads = new LongAdder();
    public final LongAdder loadMisses = new LongAdder();
    public final LongAdder localHits = new LongAdder();
    public final LongAdder saves = new LongAdder();
    public final LongAdder touches = new LongAdder();
    public final LongAdder skippedSaves = new LongAdder();
    public final LongAdder conflicts = new LongAdder();
    public final LongAdder coalescedSaves = new LongAdder();
    public final LongAdder coalescedReads = new LongAdder();
    public final LongAdder refusedMerges = new LongAdder();
    public final LongAdder unsavedRefused = new LongAdder();
    public final LongAdder unsavedAfterCommit = new LongAdder();
    public final LongAdder failedSaves = new LongAdder();
    public final LongAdder bytesRead = new LongAdder();
    public final LongAdder bytesWritten = new LongAdder();
    final LongAdder rawBytesWritten = new LongAdder();
    public final LongAdder corruptFrames = new LongAdder();
    public final LongAdder droppedAttributes = new LongAdder();
    public final LongAdder unserializableAttributes = new LongAdder();
    public final LongAdder malformedIds = new LongAdder();
    public final LongAdder storeErrors = new LongAdder();
    public final LongAdder storeCalls = new LongAdder();
    final LongAdder storeNanos = new LongAdder();
    public final LongAdder deserializations = new LongAdder();
    public final LongAdder serializations = new LongAdder();
    public final LongAdder evictions = new LongAdder();
    public final LongAdder expiryRunsCut = new LongAdder();

    /** Records one store call of {@code nanos} duration. */
    void storeCall(long nanos) {
        storeCalls.increment();
        storeNanos.add(nanos);
    }

    public double averageStoreMillis() {
        long calls = storeCalls.sum();
        return calls == 0 ? 0.0 : storeNanos.sum() / 1_000_000.0 / calls;
    }

    public double compressionRatio() {
        long stored = bytesWritten.sum();
        return stored == 0 ? 1.0 : (double) rawBytesWritten.sum() / stored;
    }

    public void reset() {
        for (LongAdder a : new LongAdder[] {loads, loadMisses, localHits, saves, touches, skippedSaves, conflicts,
                coalescedSaves, coalescedReads, refusedMerges, unsavedRefused, unsavedAfterCommit, failedSaves, bytesRead,
                bytesWritten, rawBytesWritten, corruptFrames, droppedAttributes, unserializableAttributes, malformedIds,
                storeErrors, storeCalls, storeNanos, deserializations, serializations, evictions, expiryRunsCut}) {
            a.reset();
        }
    }
}
