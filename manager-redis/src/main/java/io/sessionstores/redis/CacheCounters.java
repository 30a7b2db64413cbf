package io.sessionstores.redis;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The cache of one {@link CachedJdbcSessionStore} in numbers (in JMX as attributes of the store's
 * own MBean, {@code type=Store} beside the Manager).
 */
public final class CacheCounters {

    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile CacheRepairs repairs;

    void attach(CacheRepairs pending) {
        this.repairs = pending;
    }

    void hit() {
        hits.incrementAndGet();
    }

    void miss() {
        misses.incrementAndGet();
    }

    void error() {
        errors.incrementAndGet();
    }

    /** Reads answered by Redis. */
    public long getHits() {
        return hits.get();
    }

    /** Reads that went to the database (not cached, Redis failing, or a repair pending). */
    public long getMisses() {
        return misses.get();
    }

    /** Hits per read, 0 to 1 (0 before the first read). */
    public double getHitRatio() {
        long h = hits.get();
        long all = h + misses.get();
        return all == 0 ? 0 : (double) h / all;
    }

    /** Redis calls that failed (each answered by the database instead). */
    public long getErrors() {
        return errors.get();
    }

    /** Sessions Redis may hold an older record of, to be repaired once it answers. */
    public int getPendingRepairs() {
        CacheRepairs r = repairs;
        return r == null ? 0 : r.size();
    }

    /** Repairs dropped because too many were pending (each such session may be served stale until it expires). */
    public long getDroppedRepairs() {
        CacheRepairs r = repairs;
        return r == null ? 0 : r.dropped();
    }
}
