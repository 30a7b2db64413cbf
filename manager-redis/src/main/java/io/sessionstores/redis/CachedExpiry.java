package io.sessionstores.redis;

import java.util.List;

import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.ExpirySweep;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.jdbc.ExpiredRows;

/**
 * Raw expiry of a {@link CachedJdbcSessionStore} (the expiry valve's batches, and the store's own
 * sweep): for each expired row, oldest first, the cached record is evicted (an eviction marker,
 * which announces the session's end on the change stream), then the row goes unless the session
 * was refreshed meanwhile. So a node whose clock runs behind neither keeps serving its copy of a
 * session the database deleted nor reads it from Redis. While Redis does not take evictions the
 * rows stay for a later pass (raw expiry can wait; reads check every record's expiry meanwhile).
 * Per batch: one query for the ids, one Redis call per row, then one transaction deleting them.
 */
final class CachedExpiry {

    /** Time budget of one run of the store's own sweep (as the JDBC store's). */
    static final long SWEEP_BUDGET_MILLIS = 1000;

    private final ExpiredRows rows;
    private final RedisCache cache;

    CachedExpiry(ExpiredRows rows, RedisCache cache) {
        this.rows = rows;
        this.cache = cache;
    }

    /** One batch of at most {@code batchSize} rows; the pass is done when fewer were expired, or Redis failed. */
    ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        List<String> ids = rows.next(batchSize);
        int evicted = 0;
        while (evicted < ids.size() && cache.tryEvict(ids.get(evicted))) {
            evicted++;
        }
        long deleted = rows.delete(ids.subList(0, evicted));
        boolean redisFailed = evicted < ids.size(); // the rest waits for a pass that can evict them
        return new ExpiryBatch(deleted, redisFailed || ids.size() < batchSize, previous.position());
    }

    /** The store's own sweep: batches until none is left or {@value #SWEEP_BUDGET_MILLIS} ms have passed. */
    ExpirySweep sweep(int batchSize) throws StoreException {
        return ExpirySweep.run(this::deleteExpired, batchSize, SWEEP_BUDGET_MILLIS);
    }
}
