package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import java.util.function.Predicate;

import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.SessionStoreBase;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.SessionRecord;

/**
 * Keeps sessions in Redis through Redisson, configured as
 * {@code <Store className="io.sessionstores.redis.RedisSessionStore" .../>} inside the
 * session-stores {@code <Manager>}.
 *
 * <p>Hash mode (default) keeps each session as one field of a bucket hash: key
 * {@code <keyPrefix><4 hex digits of the bucket>}, field = the id in binary, value = the frame.
 * String mode keeps one key {@code <keyPrefix><id>} per session with a TTL. Reads are one GET or
 * HGET; writes, touches and version-checked deletes are one EVALSHA of a script that touches one
 * key (Cluster-safe). Expiry is exact in both modes: a read never returns an expired frame;
 * string mode lets Redis expire keys, hash mode removes expired fields with
 * {@link #sweep(long, int, long)} (run from {@link #backgroundProcess()}), or by per-field TTL on
 * servers that have it (Redis 7.4+, Valkey 9), detected on first use.
 *
 * <p>Redis being down never stops Tomcat from starting: the client connects lazily and every
 * call fails with {@link StoreException} within the configured timeout.
 */
public class RedisSessionStore extends SessionStoreBase {

    private final Log log = LogFactory.getLog(RedisSessionStore.class); // per instance: one class, many contexts
    private static final byte[] NONE = new byte[0];
    private static final Predicate<Long> WRITTEN = result -> result != null && result == 1L;

    // ---- XML attributes (defaults beside the fields; validated and frozen at start) ----------
    private String redissonConfig;
    private String address;
    private String mode = "hash";
    private String keyPrefix;
    private int bucketCount = RedisStoreSettings.DEFAULT_BUCKETS;
    private String bucketGenerator = HexPrefixBucketGenerator.class.getName();
    private int timeout = 2000;
    private int retryAttempts = 1;
    private int sweepPeriodSeconds = 120;
    private int sweepBudgetMillis = 500;
    private int sweepFieldsPerCall = 200;
    private int replicaAcks = 0;
    private int replicaAckTimeout = 500;

    private final AtomicLong corruptFrames = new AtomicLong();
    private final AtomicLong ttlGiven = new AtomicLong();

    private volatile RedisStoreSettings config;
    private volatile StoreContext context;
    private volatile RedissonClients.Hold clientHold;
    private volatile KeyLayout layout;
    private volatile BucketSweeper sweeper;
    private volatile ServerScripts scripts;
    private volatile LayoutDescriptor descriptor;
    private volatile RedisScan scanner;
    private volatile long lastSweep;
    private volatile boolean expiryByValve;

    // ---- XML attributes -------------------------------------------------------------------

    /**
     * Path of a Redisson YAML configuration file (single server, Sentinel, Cluster, TLS, auth,
     * timeouts: everything Redisson's config offers; {@code ${name:-default}} is replaced from
     * environment variables and system properties). Stores naming the same configuration share
     * one client. Give this or {@link #setAddress address}, not both.
     */
    public void setRedissonConfig(String redissonConfig) {
        this.redissonConfig = ConfigCheck.fixedWhileRunning(settingsInUse(), "redissonConfig", this.redissonConfig, redissonConfig);
    }

    public String getRedissonConfig() {
        return redissonConfig;
    }

    /**
     * The simple case instead of a YAML file: one Redis server, {@code redis://host:port} (or
     * {@code rediss://} for TLS). Uses {@link #setTimeout timeout} and
     * {@link #setRetryAttempts retryAttempts}.
     */
    public void setAddress(String address) {
        this.address = ConfigCheck.secretFixedWhileRunning(settingsInUse(), "address", this.address, address);
    }

    public String getAddress() {
        return address;
    }

    /**
     * {@code hash} (default): sessions are fields of bucket hashes, the compact layout;
     * {@code string}: one key per session with a TTL.
     */
    public void setMode(String mode) {
        this.mode = ConfigCheck.fixedWhileRunning(settingsInUse(), "mode", this.mode, mode);
    }

    public String getMode() {
        return mode;
    }

    /**
     * Start of every key this store uses. Default {@code ss:<8 hex digits of a hash of the
     * application name>:}, which keeps web applications apart on a shared server. 1 to 64
     * printable ASCII characters without spaces or braces (braces would pin every key to one
     * Cluster slot).
     */
    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = ConfigCheck.fixedWhileRunning(settingsInUse(), "keyPrefix", this.keyPrefix, keyPrefix);
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    /**
     * Hash mode: how many bucket hashes hold the sessions, a power of two from 1 to 65536
     * (default 4096). Fewer buckets for few sessions, so each hash holds several (listpacks
     * are compact only when a hash has more than one field); keep each under
     * {@code hash-max-listpack-entries}.
     */
    public void setBucketCount(int bucketCount) {
        this.bucketCount = ConfigCheck.fixedWhileRunning(settingsInUse(), "bucketCount", this.bucketCount, bucketCount);
    }

    public int getBucketCount() {
        return bucketCount;
    }

    /**
     * Hash mode: class name of the {@link BucketGenerator} that maps an id to its bucket. Default
     * {@link HexPrefixBucketGenerator} (the id's first four hex digits).
     */
    public void setBucketGenerator(String bucketGenerator) {
        this.bucketGenerator = ConfigCheck.fixedWhileRunning(settingsInUse(), "bucketGenerator", this.bucketGenerator, bucketGenerator);
    }

    public String getBucketGenerator() {
        return bucketGenerator;
    }

    /** With {@code address}: milliseconds a Redis command may take before it fails (default 2000). */
    public void setTimeout(int timeout) {
        this.timeout = ConfigCheck.fixedWhileRunning(settingsInUse(), "timeout", this.timeout, timeout);
    }

    public int getTimeout() {
        return timeout;
    }

    /** With {@code address}: how often a failed command is retried, 0 to 5 (default 1). */
    public void setRetryAttempts(int retryAttempts) {
        this.retryAttempts = ConfigCheck.fixedWhileRunning(settingsInUse(), "retryAttempts", this.retryAttempts, retryAttempts);
    }

    public int getRetryAttempts() {
        return retryAttempts;
    }

    /**
     * Hash mode: every bucket is swept for expired fields once per this many seconds (default
     * 120); an expired session is never served in between, it only occupies memory.
     */
    public void setSweepPeriodSeconds(int sweepPeriodSeconds) {
        this.sweepPeriodSeconds = ConfigCheck.fixedWhileRunning(settingsInUse(), "sweepPeriodSeconds", this.sweepPeriodSeconds, sweepPeriodSeconds);
    }

    public int getSweepPeriodSeconds() {
        return sweepPeriodSeconds;
    }

    /** Hash mode: most milliseconds one background sweep run may take (default 500). */
    public void setSweepBudgetMillis(int sweepBudgetMillis) {
        this.sweepBudgetMillis = ConfigCheck.fixedWhileRunning(settingsInUse(), "sweepBudgetMillis", this.sweepBudgetMillis, sweepBudgetMillis);
    }

    public int getSweepBudgetMillis() {
        return sweepBudgetMillis;
    }

    /** Hash mode: about how many fields one sweep script call examines, 10 to 10000 (default 200). */
    public void setSweepFieldsPerCall(int sweepFieldsPerCall) {
        this.sweepFieldsPerCall = ConfigCheck.fixedWhileRunning(settingsInUse(), "sweepFieldsPerCall", this.sweepFieldsPerCall, sweepFieldsPerCall);
    }

    public int getSweepFieldsPerCall() {
        return sweepFieldsPerCall;
    }

    /**
     * How many replicas must confirm each write, touch and delete ({@code WAIT}) before it counts
     * as stored, 0 to 16 (default 0: off). With 1 or more, a write acknowledged to the user
     * survives the master's loss; a write that reaches the master but not enough replicas within
     * {@link #setReplicaAckTimeout replicaAckTimeout} fails (the request gets the store-error
     * answer). Costs one replication round trip per write (about 0.1 ms on one LAN).
     */
    public void setReplicaAcks(int replicaAcks) {
        this.replicaAcks = ConfigCheck.fixedWhileRunning(settingsInUse(), "replicaAcks", this.replicaAcks, replicaAcks);
    }

    public int getReplicaAcks() {
        return replicaAcks;
    }

    /** With {@code replicaAcks}: milliseconds a write waits for its replicas, 1 to 60000 (default 500). */
    public void setReplicaAckTimeout(int replicaAckTimeout) {
        this.replicaAckTimeout = ConfigCheck.fixedWhileRunning(settingsInUse(), "replicaAckTimeout", this.replicaAckTimeout, replicaAckTimeout);
    }

    public int getReplicaAckTimeout() {
        return replicaAckTimeout;
    }

    /** Values read that were not frames (garbage, another client's codec, a truncated value). */
    public long getCorruptFrames() {
        return corruptFrames.get();
    }

    /** Per-field TTL mode: fields without a TTL of their own that a sweep gave one (sweeps and valve passes). */
    public long getSweepTtlGiven() {
        return ttlGiven.get();
    }

    /** Whether the server expires hash fields itself: {@code yes}, {@code no}, or {@code not probed yet}. */
    public String getFieldTtl() {
        ServerScripts known = scripts;
        return known == null ? "not probed yet" : known.describe();
    }

    // ---- lifecycle ------------------------------------------------------------------------

    @Override
    public void start(StoreContext context) throws StoreException {
        RedisStoreSettings frozen = RedisStoreSettings.validate(this, context.appName());
        this.context = context;
        this.config = frozen;
        this.layout = frozen.layout();
        this.scripts = new ServerScripts(layout.probeKey());
        this.scanner = new RedisScan(layout);
        this.sweeper = new BucketSweeper(layout, scripts.sweep, frozen.sweepFieldsPerCall());
        this.lastSweep = context.now();
        this.descriptor = LayoutDescriptor.of(layout, RedisStoreSettings.appHash(context.appName()));
        this.clientHold = OwnClassLoader.run(
                () -> RedissonClients.acquire(frozen.clientIdentity(), frozen::redissonConfig, frozen.describeClient(), log,
                        context.logName()));
        checkServer(frozen);
        log.info(context.logName() + ": Redis session store started, " + frozen);
    }

    /**
     * Compares the key layout recorded in Redis with this store's (refusing to start on a
     * difference) and checks the eviction policy, when Redis answers; when it does not, the
     * layout is checked on first use and the policy not at all (an INFO line says so).
     */
    private void checkServer(RedisStoreSettings frozen) throws StoreException {
        RedissonClient client = clientHold.client();
        try {
            OwnClassLoader.run(() -> {
                descriptor.verify(client);
                return null;
            });
        } catch (LayoutDescriptor.LayoutMismatchException e) {
            stop();
            throw new StoreException(context.logName() + ": Redis store: " + e.getMessage());
        } catch (RuntimeException e) {
            String refused = RedisErrors.authenticationFailure(e);
            if (refused != null) {
                log.error(context.logName() + ": " + frozen.describeClient() + ": " + RedisErrors.authenticationAdvice(refused)
                        + "; every session request fails until it is fixed");
                return;
            }
            log.info(context.logName() + ": key layout not checked at start (" + RedisErrors.safeMessage(e.getMessage())
                    + "); it is checked on first use");
        }
        OwnClassLoader.run(() -> {
            EvictionPolicyCheck.run(client, frozen.redissonConfig(), frozen.mode(), log, context.logName());
            return null;
        });
    }

    @Override
    public void stop() {
        RedissonClients.Hold held = clientHold;
        clientHold = null;
        if (held != null) {
            OwnClassLoader.run(() -> {
                held.close();
                return null;
            });
        }
    }

    // ---- SessionStore ---------------------------------------------------------------------

    @Override
    public SessionRecord read(String id) throws StoreException {
        SessionLocation at = layout.locate(id);
        byte[] value = call("read", id, () -> layout.mode().read(client(), at));
        if (value == null) {
            return null;
        }
        if (!StoredValues.isStoredValue(value)) {
            corruptFrames.incrementAndGet();
            log.warn(context.logName() + ": value of session " + SessionIds.hash(id) + " is not a session frame ("
                    + value.length + " bytes); treated as no session");
            return null;
        }
        SessionRecord stored = StoredValues.decode(id, value);
        return stored.isExpired(context.now()) ? null : stored;
    }

    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        StoredValues.requireConsistent(record);
        if (record.version() <= expectedVersion) {
            throw new IllegalArgumentException("new version " + record.version() + " must exceed " + expectedVersion);
        }
        return runScript(scripts.write, record.id(), LuaScript.arg(context.now()),
                LuaScript.arg(expectedVersion), StoredValues.encode(record), LuaScript.arg(record.expiresAt()));
    }

    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        return runScript(scripts.touch, id, LuaScript.arg(context.now()), LuaScript.arg(expiresAt),
                LuaScript.arg(lastAccess), StoredValues.int64(expiresAt), StoredValues.int64(lastAccess));
    }

    /**
     * Moves a session in three calls, because the two ids may live in different buckets (and
     * Cluster slots): read the old record, write it under the new id (compare-and-set: no live
     * record may be there), then delete the old one only if its version is still the one copied.
     * Between the last two calls a reader can find the session under both ids, never under
     * neither. If the old record was saved meanwhile, the copy is withdrawn and the move retried.
     */
    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        return move(oldId, newId, 0);
    }

    /** As {@link #changeId}, with the old record replaced by a tombstone instead of deleted (same version check). */
    @Override
    public boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        return move(oldId, newId, tombstoneUntil);
    }

    /** The move of {@link #changeId}; {@code tombstoneUntil} above 0 leaves a tombstone under the old id. */
    private boolean move(String oldId, String newId, long tombstoneUntil) throws StoreException {
        for (int attempt = 0; attempt < CHANGE_ID_ATTEMPTS; attempt++) {
            SessionRecord current = read(oldId);
            if (current == null) {
                return false;
            }
            SessionRecord moved = new SessionRecord(newId, current.frame(), current.version(), current.expiresAt(),
                    current.lastAccess(), current.maxInactive(), current.rawBytes());
            if (!write(moved, 0)) {
                throw new StoreException("changeId: the new id " + SessionIds.hash(newId) + " already holds a session");
            }
            if (tombstoneUntil > 0 ? deleteLeavingTombstone(oldId, current.version(), tombstoneUntil)
                    : deleteIfVersion(oldId, current.version())) {
                return true;
            }
            deleteIfVersion(newId, current.version());
        }
        throw new StoreException("changeId: session " + SessionIds.hash(oldId) + " kept changing during the move");
    }

    private static final int CHANGE_ID_ATTEMPTS = 3;

    // ---- cache operations (the cached-JDBC store keeps its cache in this store's keys) -----

    /**
     * Stores {@code record} unless Redis holds a greater version of it: the write of a cache
     * whose source of truth (the database) has already accepted the record, or the fill after a
     * database read. One script call. A cold or stale cache (no record, an older version) takes
     * the record; a newer one, or an {@link #evict eviction marker}, is kept.
     *
     * @return whether the record was stored
     */
    boolean putUnlessNewer(SessionRecord record) throws StoreException {
        StoredValues.requireConsistent(record);
        return runScript(scripts.putUnlessNewer, record.id(), LuaScript.arg(context.now()),
                LuaScript.arg(record.version()), StoredValues.encode(record), LuaScript.arg(record.expiresAt()));
    }

    /**
     * Removes a session from the cache so that no fill can bring it back: replaces it by an
     * {@link StoredValues#evictionMarker eviction marker}, an expired record of the greatest
     * version, which reads treat as no session and {@link #putUnlessNewer} never overwrites; it
     * lives {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS} (as every expired record does) and
     * a new session may take its id (a compare-and-set write treats it as absent).
     */
    void evict(String id) throws StoreException {
        putUnlessNewer(StoredValues.evictionMarker(id, context.now()));
    }

    /** How much slower the sweep runs where the server expires fields itself. */
    static final int FIELD_TTL_SWEEP_SLOWDOWN = 10;

    @Override
    public void delete(String id) throws StoreException {
        SessionLocation at = layout.locate(id);
        ReplicaAcks acks = config.acks();
        call("delete", id, () -> {
            RBatch batch = client().createBatch(acks == null ? BatchOptions.defaults()
                    : BatchOptions.defaults().sync(acks.replicas(), acks.timeout()));
            layout.mode().delete(batch, at);
            BatchResult<?> done = batch.execute();
            if (acks != null && done.getSyncedSlaves() < acks.replicas()) {
                throw new ReplicaAckException("delete", done.getSyncedSlaves(), acks);
            }
            return null;
        });
    }

    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        return runScript(scripts.deleteIfVersion, id, LuaScript.arg(version));
    }

    /** One script call on the id's key: the tombstone replaces the value (of the version given). */
    @Override
    public boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        long now = context.now();
        return runScript(scripts.tombstone, id, LuaScript.arg(now), LuaScript.arg(version),
                StoredValues.encode(StoredValues.tombstone(id, now, tombstoneUntil)), LuaScript.arg(tombstoneUntil));
    }

    /**
     * Keys (string mode) or fields (hash mode) of this application: live sessions, and leftovers
     * Redis or the sweep has not removed yet (expired records, eviction markers, tombstones).
     */
    @Override
    public long count() throws StoreException {
        return call("count", null, () -> layout.mode().count(client(), layout));
    }

    /** Hash mode: HSCAN pages of the buckets in order; string mode: SCAN pages (see {@link RedisScan}). */
    @Override
    public ScanBatch scan(ScanRequest request) throws StoreException {
        RedisScan scan = scanner;
        return call("scan", null, () -> {
            RedissonClient client = client();
            try {
                return scan.scan(client, request, context.now());
            } catch (RuntimeException e) {
                scan.reload();
                throw e;
            }
        });
    }

    /** The most records one pipelined scan round trip returned (tests). */
    int largestScanAnswer() {
        return scanner.largestAnswer();
    }

    /** Pipelined HGET/GET, 1,000 ids per round trip. */
    @Override
    public List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        RedisScan scan = scanner;
        return call("lookup", null, () -> scan.lookup(client(), ids, context.now()));
    }

    // ---- expiry sweep (hash mode) ---------------------------------------------------------

    /**
     * Deletes expired fields from up to {@code maxBuckets} bucket hashes, continuing where the
     * last sweep (of any node) stopped, and stops early once {@code budgetMillis} has passed.
     * Only fields expired for longer than {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS} before
     * {@code now} go, so that a node holding the session expires it with its listeners first.
     * Each bucket is one script call that checks every field's expiry and deletes within the
     * script, so a session refreshed meanwhile is never deleted. Does nothing in string mode. Where
     * Redis expires fields itself (per-field TTL) the sweep still runs, {@value #FIELD_TTL_SWEEP_SLOWDOWN}
     * times slower from {@link #backgroundProcess()}: fields written before an upgrade, or while a
     * failover put an older server in charge, have no TTL of their own, and the sweep gives each
     * such live field its TTL. When a sweep in that mode fails because the server lacks the
     * commands (a failover to an older server), the server is probed again and the sweep run in
     * the mode found.
     */
    public SweepResult sweep(long now, int maxBuckets, long budgetMillis) throws StoreException {
        if (layout.mode() != StoreMode.HASH) {
            return SweepResult.NONE;
        }
        long before = now - SessionStore.EXPIRED_RECORD_GRACE_MILLIS;
        SweepResult result = call("sweep", null, () -> {
            RedissonClient client = client();
            boolean fieldTtl = scripts.fieldTtl(client);
            try {
                return sweeper.sweep(client, before, maxBuckets, budgetMillis, fieldTtl);
            } catch (RuntimeException e) {
                if (!fieldTtl || !lacksFieldTtl(e)) {
                    throw e;
                }
                scripts.forget();
                log.warn(context.logName() + ": expiry sweep failed in per-field TTL mode ("
                        + RedisErrors.safeMessage(e.getMessage()) + "); probing the server again");
                return sweeper.sweep(client, before, maxBuckets, budgetMillis, scripts.fieldTtl(client));
            }
        });
        ttlGiven.addAndGet(result.ttlGiven());
        return result;
    }

    /**
     * Hook for the Manager's background thread: sweeps the share of buckets due since the last
     * run, so that every bucket is visited once per {@code sweepPeriodSeconds}, within
     * {@code sweepBudgetMillis}; nothing while the expiry valve covers this store. Failures are
     * logged, never thrown.
     */
    @Override
    public void backgroundProcess() {
        if (clientHold == null || expiryByValve) {
            return;
        }
        long now = context.now();
        long elapsed = Math.max(0, now - lastSweep);
        lastSweep = now;
        long period = config.sweepPeriodSeconds() * 1000L;
        if (scripts.isKnownFieldTtl()) {
            period *= FIELD_TTL_SWEEP_SLOWDOWN;
        }
        int due = (int) Math.min(layout.bucketCount(), Math.max(1, (layout.bucketCount() * elapsed + period - 1) / period));
        long startedAt = System.currentTimeMillis();
        try {
            SweepResult result = sweep(now, due, config.sweepBudgetMillis());
            sweepRan(startedAt, result.deleted(), result.millis(), result.millis());
            if (log.isDebugEnabled() && result.deleted() > 0) {
                log.debug(context.logName() + ": expiry sweep " + result);
            }
        } catch (StoreException e) {
            sweepFailed(e.getMessage());
            log.warn(context.logName() + ": expiry sweep failed: " + e.getMessage());
        }
    }

    // ---- the expiry valve ---------------------------------------------------------------------

    /**
     * One batch of the valve's pass in hash mode: sweeps the next {@code batchSize} buckets (the
     * shared cursor, see {@link #sweep}) within {@code sweepBudgetMillis}; the pass is complete
     * once it has visited every bucket. A field goes once expired by this node's clock and by
     * the server's {@code TIME}. Nothing to do in string mode or with per-field TTL.
     */
    @Override
    public ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        long visited = Math.max(0, previous.position());
        int buckets = (int) Math.min(batchSize, layout.bucketCount() - visited);
        SweepResult result = sweep(context.now(), buckets, config.sweepBudgetMillis());
        if (result == SweepResult.NONE) {
            return ExpiryBatch.NOTHING_TO_DO;
        }
        visited += result.buckets();
        return new ExpiryBatch(result.deleted(), result.buckets() == 0 || visited >= layout.bucketCount(), visited);
    }

    /**
     * Hash mode: the lease is the key {@code <keyPrefix>expiry-lease} holding the owner, with a
     * PX time to live (the server's clock); taken, renewed or released by one script. String mode
     * has nothing to delete and no lease.
     */
    @Override
    public boolean acquireExpiryLease(String owner, long ttlMillis) throws StoreException {
        return layout.mode() != StoreMode.HASH || runLease("take", owner, ttlMillis);
    }

    @Override
    public void releaseExpiryLease(String owner) throws StoreException {
        if (layout.mode() == StoreMode.HASH) {
            runLease("release", owner, 0);
        }
    }

    @Override
    public String expiryLeaseHolder() throws StoreException {
        if (layout.mode() != StoreMode.HASH) {
            return null;
        }
        return call("expiryLeaseHolder", null,
                () -> client().<String>getBucket(layout.expiryLeaseKey(), StringCodec.INSTANCE).get());
    }

    @Override
    public void setExpiryByValve(boolean byValve) {
        this.expiryByValve = byValve;
    }

    private boolean runLease(String operation, String owner, long ttlMillis) throws StoreException {
        Long result = call("expiryLease", null, () -> scripts.expiryLease.run(client(), RScript.ReturnType.INTEGER,
                layout.expiryLeaseKey(), NONE, NONE, operation.getBytes(StandardCharsets.US_ASCII),
                owner.getBytes(StandardCharsets.UTF_8), LuaScript.arg(ttlMillis)));
        return result != null && result == 1L;
    }

    // ---- plumbing ---------------------------------------------------------------------------

    /**
     * Runs a write script; when it fails in field-TTL mode (the server lost HPEXPIRE: failover to
     * an older server), the server is probed again and the call retried once in the mode found.
     * The scripts fail in that case before writing anything ({@code prelude.lua}).
     */
    private boolean runScript(LuaScript script, String id, byte[]... args) throws StoreException {
        boolean fieldTtlMode = layout.mode() == StoreMode.HASH && scripts.isKnownFieldTtl();
        try {
            return runScriptOnce(script, id, args);
        } catch (StoreException e) {
            if (!fieldTtlMode || !lacksFieldTtl(e)) {
                throw e;
            }
            scripts.forget();
            log.warn(context.logName() + ": " + script.name() + " failed in per-field TTL mode (" + e.getMessage()
                    + "); probing the server again");
            return runScriptOnce(script, id, args);
        }
    }

    /** Whether a failure says the server lacks a command of per-field TTL (HPEXPIRE, HPTTL). */
    private static boolean lacksFieldTtl(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("unknown")) {
                return true;
            }
        }
        return false;
    }

    private boolean runScriptOnce(LuaScript script, String id, byte[]... args) throws StoreException {
        SessionLocation at = layout.locate(id);
        Long result = call(script.name(), id, () -> {
            RedissonClient client = client();
            byte[] mode = layout.mode().scriptMode(scripts.fieldTtl(client)).getBytes(StandardCharsets.US_ASCII);
            byte[][] argv = new byte[args.length + 2][];
            argv[0] = mode;
            argv[1] = layout.mode() == StoreMode.HASH ? at.field() : NONE;
            System.arraycopy(args, 0, argv, 2, args.length);
            ReplicaAcks acks = config.acks();
            return acks == null ? script.<Long>run(client, RScript.ReturnType.INTEGER, at.key(), argv)
                    : script.<Long>runAcknowledged(client, RScript.ReturnType.INTEGER, at.key(), acks, WRITTEN, argv);
        });
        return result != null && result == 1L;
    }

    /** The shared client (tests inspect Redis through it); {@code null} when stopped. */
    RedissonClient redisson() {
        RedissonClients.Hold held = clientHold;
        return held == null ? null : held.client();
    }

    /** What the store learned about the server (tests make it believe in per-field TTL). */
    ServerScripts scripts() {
        return scripts;
    }

    /** The key recording this application's layout (tests remove it with the sessions). */
    String layoutKey() {
        return descriptor.key();
    }

    /** The key layout in use (tests check what an operator sees in redis-cli). */
    KeyLayout layout() {
        return layout;
    }

    /** The client, once the recorded key layout is known to match (checked on first use). */
    private RedissonClient client() throws StoreStoppedException {
        RedissonClients.Hold held = clientHold;
        if (held == null) {
            throw new StoreStoppedException();
        }
        RedissonClient client = held.client();
        descriptor.verify(client);
        return client;
    }

    /** Runs one Redis call (with {@link OwnClassLoader}), turning failures into StoreException. */
    private <T> T call(String operation, String id, OwnClassLoader.Body<T, StoreStoppedException> body)
            throws StoreException {
        try {
            return OwnClassLoader.run(body);
        } catch (StoreStoppedException e) {
            throw new StoreException("Redis store " + operation + ": the store is not started");
        } catch (RuntimeException e) {
            throw RedisErrors.toStoreException(operation, id, e);
        }
    }

    private static final class StoreStoppedException extends Exception {
        private static final long serialVersionUID = 1L;
    }
}
