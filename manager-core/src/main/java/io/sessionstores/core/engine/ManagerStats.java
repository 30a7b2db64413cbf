package io.sessionstores.core.engine;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The Manager's counters. Cheap to update from request threads; the getters below are the
 * Manager's JMX attributes of the same names (its descriptor lists them, and its model MBean reads
 * them here), but for the latency attributes ({@link #latencyAttribute}), whose windows cover the
 * last minute and are not reset by {@link #reset()}.
 */
public final class ManagerStats {
    public final LongAdder loads = new LongAdder();
    public final LongAdder loadMisses = new LongAdder();
    public final LongAdder localHits = new LongAdder();
    public final LongAdder nearHits = new LongAdder();
    public final LongAdder nearMisses = new LongAdder();
    public final LongAdder pushedLoads = new LongAdder();
    public final LongAdder invalidations = new LongAdder();
    public final LongAdder streamResets = new LongAdder();
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
    final LatencyWindow readLatency;
    final LatencyWindow writeLatency;
    final LatencyWindow touchLatency;
    final LatencyWindow deleteLatency;
    /** The latency windows by the call's name in the attribute names. */
    private final Map<String, LatencyWindow> latency;

    /** Counters whose latency windows follow {@link System#nanoTime()}. */
    public ManagerStats() {
        this(System::nanoTime);
    }

    /** Counters whose latency windows follow {@code nanoClock} (tests move it). */
    public ManagerStats(LongSupplier nanoClock) {
        readLatency = new LatencyWindow(nanoClock);
        writeLatency = new LatencyWindow(nanoClock);
        touchLatency = new LatencyWindow(nanoClock);
        deleteLatency = new LatencyWindow(nanoClock);
        latency = Map.of("read", readLatency, "write", writeLatency, "touch", touchLatency, "delete", deleteLatency);
    }

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
        for (LongAdder a : new LongAdder[] {loads, loadMisses, localHits, nearHits, nearMisses, pushedLoads,
                invalidations, streamResets, saves, touches, skippedSaves, conflicts,
                coalescedSaves, coalescedReads, refusedMerges, unsavedRefused, unsavedAfterCommit, failedSaves, bytesRead,
                bytesWritten, rawBytesWritten, corruptFrames, droppedAttributes, unserializableAttributes, malformedIds,
                storeErrors, storeCalls, storeNanos, deserializations, serializations, evictions, expiryRunsCut}) {
            a.reset();
        }
    }

    /** Sessions read from the store. */
    public long getLoads() {
        return loads.sum();
    }

    /** Store reads that found no live session. */
    public long getLoadMisses() {
        return loadMisses.sum();
    }

    /** Requests served from this node's copy without deserializing (same version, or sticky). */
    public long getLocalHits() {
        return localHits.sum();
    }

    /** Requests served from this node's copy without a store call, vouched for by the change stream. */
    public long getNearHits() {
        return nearHits.sum();
    }

    /** Requests that read the store while the change stream is on (the copy was missing, stale or unconfirmed). */
    public long getNearMisses() {
        return nearMisses.sum();
    }

    /**
     * Loads that took the record the change stream carried with a change made on another node,
     * instead of reading the store (counted in {@link #getNearMisses()}, never in {@link #getLoads()} or store calls).
     */
    public long getPushedLoads() {
        return pushedLoads.sum();
    }

    /** Copies this node held that an announced change made stale. */
    public long getInvalidations() {
        return invalidations.sum();
    }

    /** Times the change stream may have missed changes (every copy was read again). */
    public long getStreamResets() {
        return streamResets.sum();
    }

    /** Sessions decoded from stored frames. */
    public long getDeserializations() {
        return deserializations.sum();
    }

    /** Sessions whose attributes were encoded to look for changes or to be written. */
    public long getSerializations() {
        return serializations.sum();
    }

    /** Sessions written to the store. */
    public long getSaves() {
        return saves.sum();
    }

    /** Expiry refreshes of unchanged sessions. */
    public long getTouches() {
        return touches.sum();
    }

    /** Requests after which the session was unchanged and nothing was written. */
    public long getSkippedSaves() {
        return skippedSaves.sum();
    }

    /**
     * Writes that met a newer version written by another node, and were merged and retried.
     * (Requests of one node never conflict with each other: see {@link #getCoalescedSaves()}.)
     */
    public long getConflicts() {
        return conflicts.sum();
    }

    /** Requests whose session changes were stored by another request's write on this node (group commit). */
    public long getCoalescedSaves() {
        return coalescedSaves.sum();
    }

    /**
     * Requests whose store read was shared: they arrived while another request of this node read
     * the same session and were served by the next read, made for all of them.
     */
    public long getCoalescedReads() {
        return coalescedReads.sum();
    }

    /** Conflicting writes refused because the newer stored version was unreadable here (another key or codec). */
    public long getRefusedMerges() {
        return refusedMerges.sum();
    }

    /** Requests answered with {@code unsavedStatus} because their session change could not be stored. */
    public long getUnsavedRefused() {
        return unsavedRefused.sum();
    }

    /** Session changes that could not be stored after the application had committed its response. */
    public long getUnsavedAfterCommit() {
        return unsavedAfterCommit.sum();
    }

    /** Saves that failed (store errors, or too many conflicts). */
    public long getFailedSaves() {
        return failedSaves.sum();
    }

    /** Bytes read from the store. */
    public long getBytesRead() {
        return bytesRead.sum();
    }

    /** Bytes written to the store. */
    public long getBytesWritten() {
        return bytesWritten.sum();
    }

    /** Uncompressed size of what was written divided by its stored size. */
    public double getCompressionRatio() {
        return compressionRatio();
    }

    /** Stored sessions that could not be read (truncated, bad check or MAC, too large, other codec). */
    public long getCorruptFrames() {
        return corruptFrames.sum();
    }

    /** Attributes dropped on load (class not allowed, or undecodable). */
    public long getDroppedAttributes() {
        return droppedAttributes.sum();
    }

    /** Attribute values the codec could not encode (kept on this node only). */
    public long getUnserializableAttributes() {
        return unserializableAttributes.sum();
    }

    /** Requested session ids rejected as malformed before any store call. */
    public long getMalformedIds() {
        return malformedIds.sum();
    }

    /** Store calls that failed. */
    public long getStoreErrors() {
        return storeErrors.sum();
    }

    /** Store calls made. */
    public long getStoreCalls() {
        return storeCalls.sum();
    }

    /** Average store call latency in milliseconds. */
    public double getAverageStoreMillis() {
        return averageStoreMillis();
    }

    /** Idle session copies dropped from memory (maxIdleCopies, maxActiveSessions); they live on in the store. */
    public long getEvictions() {
        return evictions.sum();
    }

    /** Expiry checks cut short by their time budget or by a store error (the rest waits for the next run). */
    public long getExpiryRunsCut() {
        return expiryRunsCut.sum();
    }

    /**
     * A latency attribute of the Manager's MBean, {@code <call>Millis<P50|P99|Max>} with call
     * {@code read}, {@code write}, {@code touch} or {@code delete} (for example
     * {@code touchMillisP99}; the descriptor says what each means), or {@code null} when
     * {@code attribute} is none of them.
     */
    public Double latencyAttribute(String attribute) {
        int at = attribute.indexOf("Millis");
        LatencyWindow window = at < 0 ? null : latency.get(attribute.substring(0, at));
        if (window == null) {
            return null;
        }
        return switch (attribute.substring(at + "Millis".length())) {
            case "P50" -> window.snapshot().percentileMillis(50);
            case "P99" -> window.snapshot().percentileMillis(99);
            case "Max" -> window.snapshot().maxMillis();
            default -> null;
        };
    }
}
