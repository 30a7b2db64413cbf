package io.sessionstores.redis;

import java.util.Collection;
import java.util.List;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.IntrospectionUtils;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.ExpiryDelegation;
import io.sessionstores.core.store.ExpirySweep;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.SessionStoreBase;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.support.RateLimitedLog;
import io.sessionstores.jdbc.ExpiredRows;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.jdbc.PendingEvictions;

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
 *       so the Manager's reload does not read the stale cache again. When Redis does not take the
 *       put, the id is recorded in the database as a pending eviction and the write returns
 *       {@value DurableEvictions#TRUST_MILLIS} ms later, so that no node serves Redis's older record
 *       (nor a near-cache copy of it) once the write has returned;</li>
 *   <li>delete and change id: an eviction marker in Redis that no concurrent fill can overwrite,
 *       then the database; delete-if-version: the database, then the marker. When Redis cannot
 *       take the marker, the eviction is recorded in the database first and no node serves the
 *       cached record once the call has returned ({@link DurableEvictions});</li>
 *   <li>a touch that finds no record: the marker (remembered on this node if Redis fails);</li>
 *   <li>count, scan, lookup and the expiry lease: the database. Raw expiry (the expiry valve, or
 *       the store's own sweep) deletes the database's expired rows in batches, each row's cached
 *       record evicted first ({@link #deleteExpired}).</li>
 * </ul>
 *
 * <p><b>Change stream.</b> Every change reaches the Redis channel of the cache
 * ({@link CachedJdbcChangeStream}): the scripts that bring the cache in line with the database
 * announce the new version (put unless newer) or the session's end (an eviction marker); a change
 * Redis did not take is recorded in the database, read by every node every
 * {@value DurableEvictions#CHECK_MILLIS} ms, and the change returns only once every node's check
 * has seen it. A node's near cache serves copies unread only while it follows the Redis channel
 * and its last check of those records started less than {@value DurableEvictions#TRUST_MILLIS} ms
 * ago. Not exact: a database write whose outcome is unknown (it failed after the database may have
 * committed it) is not announced.
 *
 * <p>The cache uses exactly {@link RedisSessionStore}'s keys and values (it is one, inside), so a
 * context switched to the Redis store keeps every cached session.
 *
 * <p>Redis failing never fails a request: the error is logged (rate-limited) and counted, the
 * database answers, and Redis is left alone for {@link #setCacheBackoffMillis cacheBackoffMillis}.
 * Writes Redis missed meanwhile are remembered and repaired once it answers again (from the
 * background thread); until then this node reads those sessions from the database. That Redis
 * half is {@link RedisCache}; this class keeps settings, lifecycle and the order of the calls.
 *
 * <p>Over 400 lines because it has both stores' attributes to hand on, its own JMX figures, and
 * for each {@code SessionStore} method the order of the database and cache calls, which is where
 * its promises live (each documented here).
 */
public class CachedJdbcSessionStore extends SessionStoreBase implements ExpiryDelegation {

    private final Log log = LogFactory.getLog(CachedJdbcSessionStore.class);

    private final JdbcSessionStore database = new JdbcSessionStore();
    private final RedisSessionStore cache = new RedisSessionStore();
    private final CacheCounters counters = new CacheCounters();
    /** Time for the repairs Redis missed: per background run, and at stop. */
    private static final long REPAIR_BUDGET_MILLIS = 500;
    private static final long STOP_REPAIR_BUDGET_MILLIS = 2_000;

    private int cacheBackoffMillis = 5000;
    private String unknownAttribute;

    private volatile RedisCache redisCache;
    private volatile DurableEvictions evictions;
    private volatile CachedJdbcChangeStream changes;
    private volatile CachedExpiry expiry;
    private volatile boolean expiryByValve;
    private volatile RateLimitedLog expiryLog;
    private volatile String logName;

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

    /** Sessions Redis may hold an older record of, repaired once it answers. */
    public int getPendingRepairs() {
        return counters.getPendingRepairs();
    }

    /** Repairs dropped because too many were pending. */
    public long getDroppedRepairs() {
        return counters.getDroppedRepairs();
    }

    /** Sessions logged out (or moved) while Redis could not be told, known to this node: no node serves their cached record. */
    public int getPendingEvictions() {
        DurableEvictions pending = evictions;
        return pending == null ? 0 : pending.size();
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
        RateLimitedLog cacheErrorLog = new RateLimitedLog(log, 10_000, context::now);
        expiryLog = new RateLimitedLog(log, 60_000, context::now);
        logName = context.logName();
        CacheRepairs repairs = new CacheRepairs();
        database.start(context);
        try {
            cache.withoutHolders(); // its writes are put-unless-newer, always announced: nobody reads the record
            cache.start(context);
        } catch (StoreException | RuntimeException e) {
            database.stop();
            throw e;
        }
        counters.attach(repairs);
        RedisCache started = new RedisCache(cache, database, counters, repairs, cacheBackoffMillis, context, cacheErrorLog);
        redisCache = started;
        evictions = new DurableEvictions(new PendingEvictions(database), started::tryEvict, context.logName(),
                cacheErrorLog);
        evictions.start();
        expiry = new CachedExpiry(new ExpiredRows(database), started);
        ChangeStream redisChanges = cache.changeStream();
        changes = redisChanges == null ? null : new CachedJdbcChangeStream(redisChanges, evictions);
        log.info(context.logName() + ": cached-JDBC store started: the database answers what Redis does not hold");
    }

    /**
     * The change stream: Redis's, fed by the scripts that keep the cache in line with the database,
     * plus the writes and evictions Redis did not take, recorded in the database; see
     * {@link CachedJdbcChangeStream}. None where Redis has none (a Cluster).
     */
    @Override
    public ChangeStream changeStream() {
        return changes;
    }

    @Override
    public void stop() {
        DurableEvictions durable = evictions;
        if (durable != null) {
            durable.stop(); // what is still pending stays in the database for the other nodes
        }
        RedisCache started = redisCache;
        if (started != null) {
            started.repair(STOP_REPAIR_BUDGET_MILLIS);
        }
        cache.stop();
        database.stop();
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Override
    public SessionRecord read(String id) throws StoreException {
        CacheRepairs.Repair repair = redisCache.pendingRepair(id);
        boolean cacheMayAnswer = repair == null && !evictions.isPending(id);
        if (cacheMayAnswer && evictions.isCurrent()) {
            SessionRecord hit = redisCache.read(id);
            if (hit != null) {
                return hit;
            }
        }
        counters.miss();
        SessionRecord stored;
        try {
            stored = database.read(id);
        } catch (StoreException e) {
            // this node's pending-eviction check was late, and the database is out of reach: as
            // when that check fails, Redis serves what it holds
            SessionRecord hit = cacheMayAnswer && !evictions.isCurrent() ? redisCache.read(id) : null;
            if (hit == null) {
                throw e;
            }
            return hit;
        }
        if (stored != null && repair != CacheRepairs.Repair.EVICT) {
            redisCache.fill(stored);
        }
        return stored;
    }

    // ---- writes ---------------------------------------------------------------------------------

    /**
     * The database decides (compare-and-set), then Redis takes the record with "put unless newer",
     * which announces the version on the change stream. When Redis does not take it (it fails, or
     * this node leaves it alone after an error), the id is recorded as a pending eviction and the
     * call returns {@value DurableEvictions#TRUST_MILLIS} ms after that record was committed: no
     * node serves Redis's older record or its own older copy any more (see {@link DurableEvictions}).
     * A database conflict leaves the cache as it is (nothing changed) and this node's next read
     * bypasses it.
     */
    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        boolean written;
        try {
            written = database.write(record, expectedVersion);
        } catch (StoreException e) {
            redisCache.refillLater(record.id()); // the database may have taken it before failing
            throw e;
        }
        if (!written) {
            redisCache.refillLater(record.id());
            return false;
        }
        if (!redisCache.writeThrough(record)) {
            // Redis (and its change stream) missed the write: recorded, so that no node serves its
            // older record, or a copy of it, once the write has returned
            awaitEveryNode(evictions.record(record.id()));
        }
        return true;
    }

    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        if (!database.touch(id, lastAccess, expiresAt)) {
            redisCache.evictOrRepairLater(id);
            return false;
        }
        redisCache.touch(id, lastAccess, expiresAt);
        return true;
    }

    /** Evicts the old id first (see {@link #delete}), then moves the session in the database. */
    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        long recorded = evictOrRecord(oldId);
        boolean moved = database.changeId(oldId, newId);
        awaitEveryNode(recorded);
        return moved;
    }

    /**
     * Evicts first, then deletes the row: the eviction marker keeps any fill out meanwhile. When
     * Redis cannot be told, the eviction is recorded in the database before the row goes, and the
     * call returns once no node serves the cached record any more (see {@link DurableEvictions}).
     */
    @Override
    public void delete(String id) throws StoreException {
        long recorded = evictOrRecord(id);
        database.delete(id);
        awaitEveryNode(recorded);
    }

    /**
     * The database decides (the session may have been written again), then the cache as
     * {@link #delete}, without the wait: a node expiring its sessions (the only caller) answers
     * nobody, and must not spend seconds per session while Redis fails; the other nodes stop
     * serving the cached record within {@value DurableEvictions#TRUST_MILLIS} ms.
     */
    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        if (!database.deleteIfVersion(id, version)) {
            return false;
        }
        evictOrRecord(id);
        return true;
    }

    /**
     * The tombstone is the database's (the truth); the cached record goes as with {@link #delete}
     * when the delete is unconditional (a logout: evicted or recorded first, and the call waits for
     * every node), as with {@link #deleteIfVersion} when it names a version (a node's expiry).
     */
    @Override
    public boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        if (version != 0) {
            if (!database.deleteLeavingTombstone(id, version, tombstoneUntil)) {
                return false;
            }
            evictOrRecord(id);
            return true;
        }
        long recorded = evictOrRecord(id);
        boolean laid = database.deleteLeavingTombstone(id, version, tombstoneUntil);
        awaitEveryNode(recorded);
        return laid;
    }

    /** The database renames and keeps the tombstone; the cached record of the old id goes first, as with {@link #changeId}. */
    @Override
    public boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        long recorded = evictOrRecord(oldId);
        boolean moved = database.changeIdLeavingTombstone(oldId, newId, tombstoneUntil);
        awaitEveryNode(recorded);
        return moved;
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

    /** The database's user index: every change reaches the database first, in the same statement. */
    @Override
    public boolean indexesUsers() {
        return database.indexesUsers();
    }

    @Override
    public List<SessionRecord> sessionsOfUser(String user, int limit) throws StoreException {
        return database.sessionsOfUser(user, limit);
    }

    /**
     * The store's sweep of expired rows (as the JDBC store's: {@code expiredBatchSize} rows per
     * batch, at most {@value CachedExpiry#SWEEP_BUDGET_MILLIS} ms, none while the expiry valve covers
     * the store; each row's cached record evicted first, see {@link #deleteExpired}), the cache's
     * sweep (hash mode), then the repairs Redis missed while it failed, for at most
     * {@value #REPAIR_BUDGET_MILLIS} ms.
     */
    @Override
    public void backgroundProcess() {
        sweepExpiredRows();
        cache.backgroundProcess();
        RedisCache started = redisCache;
        if (started != null) {
            started.repair(REPAIR_BUDGET_MILLIS);
        }
    }

    // ---- raw expiry: the database's rows, each row's cached record evicted first ------------------------

    /**
     * Raw expiry: at most {@code batchSize} expired rows (oldest first, expired by this node's clock
     * for the grace and by the database's), each row's cached record evicted before the row goes:
     * the eviction announces the session's end on the change stream, so a node whose clock runs
     * behind drops its copy, and finds no record in Redis either. While Redis does not take
     * evictions, the pass stops and the rows wait for a later one. Per batch: a query for the ids,
     * one Redis call per row, one transaction deleting the rows (the JDBC store deletes a batch in one
     * statement).
     */
    @Override
    public ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        return expiry.deleteExpired(previous, batchSize);
    }

    @Override
    public void setExpiryByValve(boolean byValve) {
        this.expiryByValve = byValve;
        database.setExpiryByValve(byValve);
    }

    private void sweepExpiredRows() {
        CachedExpiry started = expiry;
        int batchSize = database.getExpiredBatchSize();
        if (started == null || batchSize == 0 || expiryByValve) {
            return;
        }
        long startedAt = System.currentTimeMillis();
        try {
            ExpirySweep sweep = started.sweep(batchSize);
            sweepRan(startedAt, sweep.deleted(), sweep.millis(), sweep.slowestMillis());
        } catch (StoreException e) {
            sweepFailed(e.getMessage());
            expiryLog.warn(logName + ": deleting expired sessions failed: " + e.getMessage());
        }
    }

    // ---- evictions ---------------------------------------------------------------------------------

    /**
     * Evicts {@code id} in Redis; when Redis fails (or is left alone), records the eviction in the
     * database instead.
     *
     * @return when the record was committed (System.nanoTime), or {@link #EVICTED} when Redis took it
     * @throws StoreException when neither took it
     */
    private long evictOrRecord(String id) throws StoreException {
        if (redisCache.tryEvict(id)) {
            return EVICTED;
        }
        return evictions.record(id);
    }

    private static final long EVICTED = Long.MIN_VALUE;

    private static void awaitEveryNode(long recorded) {
        if (recorded != EVICTED) {
            DurableEvictions.awaitEveryNode(recorded);
        }
    }
}
