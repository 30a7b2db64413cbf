package io.sessionstores.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * The Manager's counters, exposed through JMX. Cheap to update from request threads.
 */
final class ManagerStats {
    final LongAdder loads = new LongAdder();
    final LongAdder loadMisses = new LongAdder();
    final LongAdder localHits = new LongAdder();
    final LongAdder saves = new LongAdder();
    final LongAdder touches = new LongAdder();
    final LongAdder skippedSaves = new LongAdder();
    final LongAdder conflicts = new LongAdder();
    final LongAdder coalescedSaves = new LongAdder();
    final LongAdder coalescedReads = new LongAdder();
    final LongAdder refusedMerges = new LongAdder();
    final LongAdder unsavedRefused = new LongAdder();
    final LongAdder unsavedAfterCommit = new LongAdder();
    final LongAdder failedSaves = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder rawBytesWritten = new LongAdder();
    final LongAdder corruptFrames = new LongAdder();
    final LongAdder droppedAttributes = new LongAdder();
    final LongAdder unserializableAttributes = new LongAdder();
    final LongAdder malformedIds = new LongAdder();
    final LongAdder storeErrors = new LongAdder();
    final LongAdder storeCalls = new LongAdder();
    final LongAdder storeNanos = new LongAdder();
    final LongAdder deserializations = new LongAdder();
    final LongAdder serializations = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder expiryRunsCut = new LongAdder();

    /** Records one store call of {@code nanos} duration. */
    void storeCall(long nanos) {
        storeCalls.increment();
        storeNanos.add(nanos);
    }

    double averageStoreMillis() {
        long calls = storeCalls.sum();
        return calls == 0 ? 0.0 : storeNanos.sum() / 1_000_000.0 / calls;
    }

    double compressionRatio() {
        long stored = bytesWritten.sum();
        return stored == 0 ? 1.0 : (double) rawBytesWritten.sum() / stored;
    }

    void reset() {
        for (LongAdder a : new LongAdder[] {loads, loadMisses, localHits, saves, touches, skippedSaves, conflicts,
                coalescedSaves, coalescedReads, refusedMerges, unsavedRefused, unsavedAfterCommit, failedSaves, bytesRead,
                bytesWritten, rawBytesWritten, corruptFrames, droppedAttributes, unserializableAttributes, malformedIds,
                storeErrors, storeCalls, storeNanos, deserializations, serializations, evictions, expiryRunsCut}) {
            a.reset();
        }
    }
}
