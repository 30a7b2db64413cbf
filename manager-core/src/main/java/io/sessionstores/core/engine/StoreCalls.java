package io.sessionstores.core.engine;

import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;

/**
 * Every call the Manager makes to its {@link SessionStore}, timed and counted in one place (the
 * latency windows of reads, writes, touches and deletes, failed calls included, are
 * {@link ManagerStats}'); an unchecked failure of a store becomes a {@link StoreException}.
 */
public final class StoreCalls {

    private final SessionStore store;
    private final ManagerStats stats;

    public StoreCalls(SessionStore store, ManagerStats stats) {
        this.store = store;
        this.stats = stats;
    }

    SessionStore store() {
        return store;
    }

    /** One store read. */
    SessionRecord read(String id) throws StoreException {
        SessionRecord rec = timed("read", stats.readLatency, () -> store.read(id));
        if (rec == null) {
            stats.loadMisses.increment();
        } else {
            stats.loads.increment();
            stats.bytesRead.add(rec.storedBytes());
        }
        return rec;
    }

    /** One compare-and-set write; counts what was written. */
    boolean write(SessionRecord rec, long expectedVersion, int rawBytes) throws StoreException {
        boolean written = timed("write", stats.writeLatency, () -> store.write(rec, expectedVersion));
        if (written) {
            stats.saves.increment();
            stats.bytesWritten.add(rec.storedBytes());
            stats.rawBytesWritten.add(rawBytes);
        }
        return written;
    }

    boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        boolean touched = timed("touch", stats.touchLatency, () -> store.touch(id, lastAccess, expiresAt));
        if (touched) {
            stats.touches.increment();
        }
        return touched;
    }

    boolean changeId(String oldId, String newId) throws StoreException {
        return timed("changeId", null, () -> store.changeId(oldId, newId));
    }

    void delete(String id) throws StoreException {
        timed("delete", stats.deleteLatency, () -> {
            store.delete(id);
            return null;
        });
    }

    boolean deleteIfVersion(String id, long version) throws StoreException {
        return timed("deleteIfVersion", stats.deleteLatency, () -> store.deleteIfVersion(id, version));
    }

    /** One call to the store. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T call() throws StoreException;
    }

    /** Runs {@code call}, counted, and timed into {@code latency} too unless it is {@code null}. */
    private <T> T timed(String what, LatencyWindow latency, StoreCall<T> call) throws StoreException {
        long start = System.nanoTime();
        try {
            return call.call();
        } catch (StoreException e) {
            stats.storeErrors.increment();
            throw e;
        } catch (RuntimeException e) {
            stats.storeErrors.increment();
            throw new StoreException("store " + what + " failed: " + e, e);
        } finally {
            long nanos = System.nanoTime() - start;
            stats.storeCall(nanos);
            if (latency != null) {
                latency.record(nanos);
            }
        }
    }
}
