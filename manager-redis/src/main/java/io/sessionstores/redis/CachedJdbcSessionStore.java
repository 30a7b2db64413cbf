package io.sessionstores.redis;

import java.util.Collection;
import java.util.List;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.IntrospectionUtils;

import io.sessionstores.core.RateLimitedLog;
import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.ExpiryDelegation;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.SessionStoreBase;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.jdbc.JdbcSessionStore;

/**
 * Sessions in a database, with Redis in front taking the reads: the database is the source of
 * truth, Redis a read-through, write-through cache. Configured as one {@code <Store>} (Tomcat
 * takes one) with the attributes of both stores it combines:
 *
 * <pre>{@code
 * <Store className="io.sessionstores.redis.CachedJdbcSessionStore"
 *        dataSourceName="jdbc/sessions"            (any JdbcSessionStore attribute)
 *        address="redis://redis:6379"/>            (any RedisSessionStore attribute)
 * }</pre>
 *
 * <ul>
 *   <li>read: Redis; on a miss the database, and the record found is put into Redis with the
 *       session's remaining life as time to live;</li>
 *   <li>write: the database (the compare-and-set that decides), then Redis with "put unless
 *       newer" (an exact-version compare-and-set would fail on a cold or stale cache); on a
 *       database conflict this node's next read of the session bypasses Redis and refreshes it,
 *       so the Manager's reload does not read the stale cache again;</li>
 *   <li>delete, delete-if-version, change id, and a touch that finds no record: the database,
 *       then an eviction marker in Redis that no concurrent fill can overwrite;</li>
 *   <li>count, scan, lookup, raw expiry and its lease: the database. The expiry valve's raw
 *       deletion leaves the cache alone: a record it deletes has expired by this node's clock,
 *       and its cached copy carries the same or an earlier expiry, which every cache read checks
 *       (Redis removes it by TTL or the bucket sweep).</li>
 * </ul>
 *
 * <p>The cache uses exactly {@link RedisSessionStore}'s keys and values (it is one, inside), so a
 * context switched to the Redis store keeps every cached session.
 *
 * <p>Redis failing never fails a request: the error is logged (rate-limited) and counted, the
 * database answers, and Redis is left alone for {@link #setCacheBackoffMillis cacheBackoffMillis}.
 * What Redis missed meanwhile (writes, deletes) is remembered and repaired once it answers again
 * (from the background thread); until then this node reads those sessions from the database.
 */
public class CachedJdbcSessionStore extends SessionStoreBase implements ExpiryDelegation {

    private final Log log = LogFactory.getLog(CachedJdbcSessionStore.class);

    private final JdbcSessionStore database = new JdbcSessionStore();
    private final RedisSessionStore cache = new RedisSessionStore();
    private final CacheCounters counters = new CacheCounters();

    private int cacheBackoffMillis = 5000;
    private String unknownAttribute;

    private volatile StoreContext context;
    private volatile CacheRepairs repairs;
    private volatile RateLimitedLog cacheErrorLog;
    private volatile long cacheDownUntil = Long.MIN_VALUE;

    // ---- XML attributes -----------------------------------------------------------------------

    /**
     * Every attribute of {@link JdbcSessionStore} (the database: {@code dataSourceName} or
     * {@code url}, {@code tableName}, ...) and of {@link RedisSessionStore} (the cache:
     * {@code address} or {@code redissonConfig}, {@code mode}, {@code keyPrefix}, ...), with the
     * same meaning and checks; Tomcat's digester hands each attribute without a setter of its own
     * here. An attribute neither store knows is refused at start.
     *
     * @return {@code true} (an unknown name is reported at start, with the names allowed)
     */
    @Override
    public boolean setProperty(String name, String value) {
        if (super.setProperty(name, value)
                || IntrospectionUtils.setProperty(database, name, value, false, null)
                || IntrospectionUtils.setProperty(cache, name, value, false, null)) {
            return true;
        }
        if (unknownAttribute == null) {
            unknownAttribute = name + "=" + value;
        }
        return true;
    }

    /**
     * Milliseconds this node leaves Redis alone after a Redis error (reads go to the database,
     * writes to the database only), 0 to 600000 (default 5000). Keeps a Redis outage from adding
     * a timeout to every request.
     */
    public void setCacheBackoffMillis(int cacheBackoffMillis) {
        this.cacheBackoffMillis = ConfigCheck.fixedWhileRunning(settingsInUse(), "cacheBackoffMillis", this.cacheBackoffMillis, cacheBackoffMillis);
    }

    public int getCacheBackoffMillis() {
        return cacheBackoffMillis;
    }

    /**
     * Raw expiry is the database's (the expiry valve deletes rows); the cache keeps its own: the
     * TTL, or in hash mode the bucket sweep of {@link #backgroundProcess()}.
     */
    @Override
    public SessionStore expiryStore() {
        return database;
    }

    /** The database part (its attributes; tests). */
    public JdbcSessionStore database() {
        return database;
    }

    /** The cache part (its attributes; tests). */
    public RedisSessionStore cache() {
        return cache;
    }

    /** Hits, misses and errors of the cache. */
    public CacheCounters counters() {
        return counters;
    }

    // ---- JMX (the Manager registers this store as type=Store; mbeans-descriptors.xml) ----------

    /** Session reads answered by Redis. */
    public long getCacheHits() {
        return counters.getHits();
    }

    /** Session reads that went to the database. */
    public long getCacheMisses() {
        return counters.getMisses();
    }

    /** Hits per read, 0 to 1. */
    public double getCacheHitRatio() {
        return counters.getHitRatio();
    }

    /** Redis calls that failed (the database answered instead). */
    public long getCacheErrors() {
        return counters.getErrors();
    }

    /** Sessions Redis may hold an older copy of, repaired once it answers. */
    public int getPendingRepairs() {
        return counters.getPendingRepairs();
    }

    /** Repairs dropped because too many were pending. */
    public long getDroppedRepairs() {
        return counters.getDroppedRepairs();
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    @Override
    public void start(StoreContext context) throws StoreException {
        if (unknownAttribute != null) {
            int at = unknownAttribute.indexOf('=');
            throw new ConfigException(unknownAttribute.substring(0, at), unknownAttribute.substring(at + 1),
                    "an attribute of JdbcSessionStore, of RedisSessionStore, or cacheBackoffMillis");
        }
        ConfigCheck.range("cacheBackoffMillis", cacheBackoffMillis, 0, 600_000);
        this.context = context;
        this.cacheErrorLog = new RateLimitedLog(log, 10_000, context::now);
        this.repairs = new CacheRepairs();
        database.start(context);
        try {
            cache.start(context);
        } catch (StoreException | RuntimeException e) {
            database.stop();
            throw e;
        }
        counters.attach(repairs);
        log.info(context.logName() + ": cached-JDBC store started: the database answers what Redis does not hold");
    }

    @Override
    public void stop() {
        CacheRepairs pending = repairs;
        if (pending != null && cacheUp()) {
            pending.drain(this::repair, Long.MAX_VALUE, context.now() + 2_000, context::now);
        }
        cache.stop();
        database.stop();
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Override
    public SessionRecord read(String id) throws StoreException {
        CacheRepairs.Repair repair = repairs.get(id);
        if (repair == null && cacheUp()) {
            try {
                SessionRecord hit = cache.read(id);
                if (hit != null) {
                    counters.hit();
                    return hit;
                }
            } catch (StoreException e) {
                cacheFailed("read", e);
            }
        }
        counters.miss();
        SessionRecord stored = database.read(id);
        if (stored != null && repair != CacheRepairs.Repair.EVICT) {
            fill(stored);
        }
        return stored;
    }

    // ---- writes ---------------------------------------------------------------------------------

    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        boolean written;
        try {
            written = database.write(record, expectedVersion);
        } catch (StoreException e) {
            repairs.add(record.id(), CacheRepairs.Repair.REFILL); // the database may have taken it before failing
            throw e;
        }
        if (!written) {
            repairs.add(record.id(), CacheRepairs.Repair.REFILL);
            return false;
        }
        writeThrough(record);
        return true;
    }

    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        if (!database.touch(id, lastAccess, expiresAt)) {
            evict(id);
            return false;
        }
        if (cacheUp()) {
            try {
                cache.touch(id, lastAccess, expiresAt);
            } catch (StoreException e) {
                cacheFailed("touch", e); // the cached copy expires earlier: a later miss reads the database
            }
        }
        return true;
    }

    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        if (!database.changeId(oldId, newId)) {
            evict(oldId);
            return false;
        }
        evict(oldId);
        return true;
    }

    @Override
    public void delete(String id) throws StoreException {
        try {
            database.delete(id);
        } finally {
            evict(id); // also when the database failed: it may have deleted the row before failing
        }
    }

    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        if (!database.deleteIfVersion(id, version)) {
            return false;
        }
        evict(id);
        return true;
    }

    // ---- the database alone -----------------------------------------------------------------------

    @Override
    public long count() throws StoreException {
        return database.count();
    }

    @Override
    public ScanBatch scan(ScanRequest request) throws StoreException {
        return database.scan(request);
    }

    @Override
    public List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        return database.lookup(ids);
    }

    /**
     * The database's housekeeping, the cache's expiry sweep (hash mode), then the repairs Redis
     * missed while it failed, for at most {@value #REPAIR_BUDGET_MILLIS} ms.
     */
    @Override
    public void backgroundProcess() {
        database.backgroundProcess();
        cache.backgroundProcess();
        CacheRepairs pending = repairs;
        if (pending != null && !pending.isEmpty() && cacheUp()) {
            pending.drain(this::repair, Long.MAX_VALUE, context.now() + REPAIR_BUDGET_MILLIS, context::now);
        }
    }

    private static final long REPAIR_BUDGET_MILLIS = 500;

    // ---- the cache --------------------------------------------------------------------------------

    /**
     * After a database read: puts the record into the cache unless the cache has a newer one.
     * Skipped or failed, nothing is left to repair (the cache did not change).
     */
    private void fill(SessionRecord record) {
        if (cacheUp()) {
            put(record, "fill");
        }
    }

    /** After a database write: the cache takes the new version, or the session is remembered for a refill. */
    private void writeThrough(SessionRecord record) {
        if (!cacheUp() || !put(record, "write")) {
            repairs.add(record.id(), CacheRepairs.Repair.REFILL);
        }
    }

    /** One "put unless newer"; whether Redis answered. */
    private boolean put(SessionRecord record, String operation) {
        try {
            cache.putUnlessNewer(record);
            repairs.remove(record.id(), CacheRepairs.Repair.REFILL);
            return true;
        } catch (StoreException e) {
            cacheFailed(operation, e);
            return false;
        }
    }

    /** Makes the cache forget a session the database no longer holds under that id. */
    private void evict(String id) {
        if (!cacheUp()) {
            repairs.add(id, CacheRepairs.Repair.EVICT);
            return;
        }
        try {
            cache.evict(id);
            repairs.remove(id, CacheRepairs.Repair.EVICT);
        } catch (StoreException e) {
            repairs.add(id, CacheRepairs.Repair.EVICT);
            cacheFailed("evict", e);
        }
    }

    /** One repair from the background: evicts, or refills from the database; false when Redis failed. */
    private boolean repair(String id, CacheRepairs.Repair repair) {
        try {
            SessionRecord current = repair == CacheRepairs.Repair.REFILL ? database.read(id) : null;
            if (current == null) {
                cache.evict(id);
            } else {
                cache.putUnlessNewer(current);
            }
            return true;
        } catch (StoreException e) {
            cacheFailed("repair", e);
            return false;
        }
    }

    private boolean cacheUp() {
        return context.now() >= cacheDownUntil;
    }

    private void cacheFailed(String operation, StoreException e) {
        counters.error();
        cacheDownUntil = context.now() + cacheBackoffMillis;
        cacheErrorLog.warn(context.logName() + ": Redis cache " + operation + " failed, the database answers"
                + " (Redis left alone for " + cacheBackoffMillis + " ms): " + e.getMessage());
    }
}
