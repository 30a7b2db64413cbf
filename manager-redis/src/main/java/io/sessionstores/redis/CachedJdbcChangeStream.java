package io.sessionstores.redis;

import java.util.List;

import io.sessionstores.core.store.ChangeStream;

/**
 * The change stream of a {@link CachedJdbcSessionStore}: its Redis's ({@link RedisChangeStream}),
 * plus what Redis could not be told. The database is the truth and Redis only a cache, so a change
 * reaches the stream in one of two ways:
 * <ul>
 *   <li>through Redis, in the script that brings the cache in line with the database: a write's
 *       "put unless newer" announces the version the database took (stored or not), an eviction
 *       marker (a logout, an id change, a node's expiry, a raw-expiry batch, a repair) announces the
 *       end of the session;</li>
 *   <li>when Redis did not take that script (it failed, timed out, or this node leaves it alone
 *       after an error), through the database: the id is recorded as a pending eviction
 *       ({@link DurableEvictions}) and the change returns only {@value DurableEvictions#TRUST_MILLIS}
 *       ms after the record was committed. Every node reads the pending ids every
 *       {@value DurableEvictions#CHECK_MILLIS} ms and announces each to its listener as ended, so its
 *       copy is read again (from the database, as long as the id is pending).</li>
 * </ul>
 * The second way is exact only while a node's last check is recent: the stream
 * {@link #vouchesNow vouches} for copies only while the node's last check of the pending ids started
 * less than {@value DurableEvictions#TRUST_MILLIS} ms ago and succeeded; the Redis half reports
 * {@code following} and {@code missed} as it does for the Redis store (sequence gaps, heartbeats,
 * re-subscriptions).
 */
final class CachedJdbcChangeStream implements ChangeStream {

    private final ChangeStream redis;
    private final DurableEvictions evictions;
    private volatile Listener listener;

    CachedJdbcChangeStream(ChangeStream redis, DurableEvictions evictions) {
        this.redis = redis;
        this.evictions = evictions;
    }

    @Override
    public String keyOf(String id) {
        return redis.keyOf(id);
    }

    @Override
    public void follow(Listener listener) {
        this.listener = listener;
        evictions.onCheck(this::pending);
        redis.follow(listener);
    }

    @Override
    public void stop() {
        listener = null;
        evictions.onCheck(null);
        redis.stop();
    }

    /** Only while this node's last check of the pending evictions is recent and succeeded. */
    @Override
    public boolean vouchesNow() {
        return evictions.isTrusted();
    }

    @Override
    public void dropNextMessage() {
        redis.dropNextMessage();
    }

    /** A check found these ids pending: their copies are stale (or ended), whatever Redis said. */
    private void pending(List<String> ids) {
        Listener to = listener;
        if (to == null) {
            return;
        }
        String[] keys = new String[ids.size()];
        long[] versions = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = redis.keyOf(ids.get(i));
            versions[i] = GONE;
        }
        to.changed(keys, versions);
    }
}
