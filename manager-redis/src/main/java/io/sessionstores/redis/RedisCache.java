package io.sessionstores.redis;

import io.sessionstores.core.support.RateLimitedLog;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/**
 * The Redis half of a started {@link CachedJdbcSessionStore}: what it reads from and writes to
 * its {@link RedisSessionStore}, and how it lives with Redis failing. A failed call is logged
 * (rate-limited) and counted, never thrown, and Redis is left alone for
 * {@code cacheBackoffMillis}; a change Redis missed is remembered ({@link CacheRepairs}) and
 * repaired from the database once it answers again.
 */
final class RedisCache {

    private final RedisSessionStore redis;
    private final SessionStore database;
    private final CacheCounters counters;
    private final CacheRepairs repairs;
    private final int backoffMillis;
    private final StoreContext context;
    private final RateLimitedLog errorLog;
    private volatile long downUntil = Long.MIN_VALUE;

    /** @param database the source of truth, read to refill what Redis missed */
    RedisCache(RedisSessionStore redis, SessionStore database, CacheCounters counters, CacheRepairs repairs,
               int backoffMillis, StoreContext context, RateLimitedLog errorLog) {
        this.redis = redis;
        this.database = database;
        this.counters = counters;
        this.repairs = repairs;
        this.backoffMillis = backoffMillis;
        this.context = context;
        this.errorLog = errorLog;
    }

    /** The repair pending for {@code id} on this node, or {@code null}: while one is, Redis may hold a wrong record. */
    CacheRepairs.Repair pendingRepair(String id) {
        return repairs.get(id);
    }

    /** Remembers that Redis may hold an older record of {@code id} than the database. */
    void refillLater(String id) {
        repairs.add(id, CacheRepairs.Repair.REFILL);
    }

    /**
     * The cached record (counted as a hit), or {@code null} when Redis has none, fails or is left
     * alone. An eviction marker (or a tombstone) is none, whatever this node's clock says: on a node
     * whose clock runs more than a minute behind, the marker of a logout or a raw expiry would
     * otherwise look like a live session.
     */
    SessionRecord read(String id) {
        if (!isUp()) {
            return null;
        }
        try {
            SessionRecord hit = redis.read(id);
            if (hit != null && hit.version() >= StoredValues.TOMBSTONE_VERSION) {
                return null;
            }
            if (hit != null) {
                counters.hit();
            }
            return hit;
        } catch (StoreException e) {
            failed("read", e);
            return null;
        }
    }

    /**
     * After a database read: puts the record into the cache unless the cache has a newer one.
     * Skipped or failed, nothing is left to repair (the cache did not change).
     */
    void fill(SessionRecord record) {
        if (isUp()) {
            put(record, "fill");
        }
    }

    /**
     * After a database write: the cache takes the new version (announced on the change stream), or
     * the session is remembered for a refill.
     *
     * @return whether Redis took the put (stored it, or kept a newer record or an eviction marker)
     */
    boolean writeThrough(SessionRecord record) {
        if (!isUp() || !put(record, "write")) {
            refillLater(record.id());
            return false;
        }
        return true;
    }

    /** After a database touch: the cached record's expiry follows; failed, it expires earlier and a later miss reads the database. */
    void touch(String id, long lastAccess, long expiresAt) {
        if (isUp()) {
            try {
                redis.touch(id, lastAccess, expiresAt);
            } catch (StoreException e) {
                failed("touch", e);
            }
        }
    }

    /** One "put unless newer"; whether Redis answered. */
    private boolean put(SessionRecord record, String operation) {
        try {
            redis.putUnlessNewer(record);
            repairs.remove(record.id(), CacheRepairs.Repair.REFILL);
            return true;
        } catch (StoreException e) {
            failed(operation, e);
            return false;
        }
    }

    /**
     * After a touch found no row: makes the cache forget the session (already gone from the
     * database, deleted by a node that evicted or recorded it), remembered here if Redis fails.
     */
    void evictOrRepairLater(String id) {
        if (!tryEvict(id)) {
            repairs.add(id, CacheRepairs.Repair.EVICT);
        }
    }

    /** One eviction marker in Redis; false when Redis failed or is left alone. */
    boolean tryEvict(String id) {
        if (!isUp()) {
            return false;
        }
        try {
            redis.evict(id);
            repairs.remove(id, CacheRepairs.Repair.EVICT);
            return true;
        } catch (StoreException e) {
            failed("evict", e);
            return false;
        }
    }

    /** Works off the pending repairs for at most {@code budgetMillis}, unless Redis is left alone. */
    void repair(long budgetMillis) {
        if (!repairs.isEmpty() && isUp()) {
            repairs.drain(this::repair, Long.MAX_VALUE, context.now() + budgetMillis, context::now);
        }
    }

    /** One repair: evicts, or refills from the database; false when Redis failed. */
    private boolean repair(String id, CacheRepairs.Repair repair) {
        try {
            SessionRecord current = repair == CacheRepairs.Repair.REFILL ? database.read(id) : null;
            if (current == null) {
                redis.evict(id);
            } else {
                redis.putUnlessNewer(current);
            }
            return true;
        } catch (StoreException e) {
            failed("repair", e);
            return false;
        }
    }

    private boolean isUp() {
        return context.now() >= downUntil;
    }

    private void failed(String operation, StoreException e) {
        counters.error();
        downUntil = context.now() + backoffMillis;
        errorLog.warn(context.logName() + ": Redis cache " + operation + " failed, the database answers"
                + " (Redis left alone for " + backoffMillis + " ms): " + e.getMessage());
    }
}
