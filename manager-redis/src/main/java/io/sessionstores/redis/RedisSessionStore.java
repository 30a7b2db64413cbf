package io.sessionstores.redis;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
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
 * slot (Cluster-safe: the session's key and, for the change stream, its slot's counter). Expiry is exact in both modes: a read never returns an expired frame;
 * string mode lets Redis expire keys, hash mode removes expired fields with
 * {@link #sweep(long, int, long)} (run from {@link #backgroundProcess()}), or by per-field TTL on
 * servers that have it (Redis 7.4+, Valkey 9), detected on first use.
 *
 * <p>Redis being down never stops Tomcat from starting: the client connects lazily and every
 * call fails with {@link StoreException} within the configured timeout.
 *
 * <p>This class keeps the settings Tomcat sets (the XML attributes, frozen at start in
 * {@link RedisStoreSettings}) and the lifecycle, and hands the work to the parts it builds at
 * start: {@link RedisConnection} (the shared client, the layout check, how every call is made),
 * {@link ServerScripts} and {@link SessionScripts} (the Lua scripts and how one runs on a
 * session's key), {@link RedisRecords} (one session's record; {@link StoreMode} and
 * {@link KeyLayout} say where hash and string mode keep it), {@link RedisScan} (count, scan and
 * lookup for the tools), {@link RedisExpiry} (the hash-mode sweep and the expiry lease) and the
 * change stream ({@link RedisChangeStream}, on a Cluster {@link ShardedChangeStream}).
 *
 * <p>Over 400 lines because each of its thirteen settings carries the javadoc that is the
 * operator's documentation, and each {@code SessionStore} method its hand-over to a part.
 */
public class RedisSessionStore extends SessionStoreBase {

    private final Log log = LogFactory.getLog(RedisSessionStore.class); // per instance: one class, many contexts

    // ---- XML attributes (defaults beside the fields; validated and frozen at start) ----------
    private String redissonConfig;
    private String address;
    /** Set in code only ({@link #setClientConfig}), never from XML. */
    private Config clientConfig;
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
    private volatile KeyLayout layout;
    private volatile ServerScripts scripts;
    private boolean holders = true;
    private volatile RedisConnection connection;
    private volatile RedisRecords records;
    private volatile RedisUserIndex users;
    private long userIndexPruneAfterMillis = RedisUserIndex.PRUNE_AFTER_MILLIS;
    private volatile RedisScan scanner;
    private volatile RedisExpiry expiry;
    private volatile ChangeStream changeStream;
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
     * For embedding in code (not an XML attribute): the Redisson configuration to connect with,
     * instead of {@code redissonConfig} or {@code address}; for example the configuration of a
     * {@code RedissonClient} the application already has ({@code client.getConfig()}), or one
     * built from the application's own properties. The store works on a copy: it opens its own
     * client (shared by the stores given the same configuration object, shut down with the last of them), with
     * its own codec, and reads from the master whatever {@code readMode} the given configuration
     * names (a session read from a lagging replica logs the user out). Read once at start.
     */
    public void setClientConfig(Config clientConfig) {
        this.clientConfig = ConfigCheck.fixedWhileRunning(settingsInUse(), "clientConfig", this.clientConfig, clientConfig);
    }

    /** The configuration given in code, or {@code null}. */
    public Config getClientConfig() {
        return clientConfig;
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
     * The prefix this store uses: {@code keyPrefix} as set, or, when it is not set and the store
     * has started, the one derived from the application name (JMX shows this as {@code keyPrefix},
     * which used to read {@code null} when the attribute was not set).
     */
    public String keyPrefixInUse() {
        RedisStoreSettings running = config;
        return running == null ? keyPrefix : running.keyPrefix();
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
        LayoutDescriptor descriptor = LayoutDescriptor.of(layout, RedisStoreSettings.appHash(context.appName()));
        RedisConnection opened = RedisConnection.open(frozen, descriptor, log, context.logName());
        this.connection = opened;
        boolean cluster = opened.redisson().getConfig().isClusterConfig();
        ChangeChannel changes = ChangeChannel.of(layout, cluster);
        if (!holders) {
            changes.withoutHolders();
        }
        this.changeStream = cluster ? new ShardedChangeStream(opened, layout, changes, frozen::redissonConfig, log,
                context.logName())
                : new RedisChangeStream(opened, layout, changes, scripts.heartbeat, log, context.logName());
        SessionScripts sessionScripts = new SessionScripts(opened, layout, scripts, frozen.acks(), changes, log,
                context.logName());
        this.users = new RedisUserIndex(opened, layout, this::lookup, userIndexPruneAfterMillis);
        this.records = new RedisRecords(opened, layout, scripts, sessionScripts, frozen.acks(), context, log, corruptFrames,
                users);
        this.expiry = new RedisExpiry(opened, layout, scripts, frozen.sweepFieldsPerCall(), context, log, ttlGiven,
                changes);
        opened.checkServer(frozen);
        log.info(context.logName() + ": Redis session store started, " + frozen);
    }

    /**
     * Keeps no record of who may hold a copy ({@link ChangeChannel#holdCopies}): reads are plain
     * and every write is announced. For the cache of {@link CachedJdbcSessionStore}, whose writes
     * go through put-unless-newer and are always announced. Before {@link #start}.
     */
    void withoutHolders() {
        holders = false;
    }

    /**
     * The store's change stream: every script that changes a session publishes it with the next
     * number of a sequence counter, so the Manager's near cache serves copies without reading
     * Redis. On a single server (and Sentinel) one channel and counter per application,
     * {@code <keyPrefix>changes} ({@link RedisChangeStream}); on a Redis Cluster one shard channel
     * and counter per slot, {@code <keyPrefix>changes{<tag>}} ({@link ShardedChangeStream}).
     */
    @Override
    public ChangeStream changeStream() {
        return changeStream;
    }

    @Override
    public void stop() {
        ChangeStream stream = changeStream;
        if (stream != null) {
            stream.stop();
        }
        RedisConnection open = connection;
        if (open != null) {
            open.close();
        }
    }

    // ---- SessionStore: one session's record (see RedisRecords) -----------------------------

    @Override
    public SessionRecord read(String id) throws StoreException {
        return records.read(id);
    }

    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        return records.write(record, expectedVersion);
    }

    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        return records.touch(id, lastAccess, expiresAt);
    }

    /**
     * Moves a session in three calls, because the two ids may live in different buckets (and
     * Cluster slots): read, write under the new id, delete the old one if unchanged (see
     * {@link RedisRecords#move}).
     */
    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        return records.move(oldId, newId, 0);
    }

    /** As {@link #changeId}, with the old record replaced by a tombstone instead of deleted (same version check). */
    @Override
    public boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        return records.move(oldId, newId, tombstoneUntil);
    }

    @Override
    public void delete(String id) throws StoreException {
        records.delete(id);
    }

    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        return records.deleteIfVersion(id, version);
    }

    /** One script call on the id's key: the tombstone replaces the value (of the version given). */
    @Override
    public boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        return records.deleteLeavingTombstone(id, version, tombstoneUntil);
    }

    /** The cached-JDBC store's cache write: see {@link RedisRecords#putUnlessNewer}. */
    boolean putUnlessNewer(SessionRecord record) throws StoreException {
        return records.putUnlessNewer(record);
    }

    /** The cached-JDBC store's cache eviction: see {@link RedisRecords#evict}. */
    void evict(String id) throws StoreException {
        records.evict(id);
    }

    // ---- the tools' reads (see RedisScan) -------------------------------------------------------

    /**
     * Keys (string mode) or fields (hash mode) of this application: live sessions, and leftovers
     * Redis or the sweep has not removed yet (expired records, eviction markers, tombstones).
     */
    @Override
    public long count() throws StoreException {
        return records.count();
    }

    /** Hash mode: HSCAN pages of the buckets in order; string mode: SCAN pages (see {@link RedisScan}). */
    @Override
    public ScanBatch scan(ScanRequest request) throws StoreException {
        RedisScan scan = scanner;
        return connection.call("scan", null, client -> {
            try {
                return scan.scan(client, request, context.now());
            } catch (RuntimeException e) {
                scan.reload();
                throw e;
            }
        });
    }

    /**
     * The index of users ({@link RedisUserIndex}): a sorted set per user beside the sessions,
     * listed before a write gives a session its user, checked against the records when read.
     */
    @Override
    public boolean indexesUsers() {
        return true;
    }

    @Override
    public List<SessionRecord> sessionsOfUser(String user, int limit) throws StoreException {
        return users.sessionsOf(user, limit);
    }

    /** For tests: how long ago an id must have been listed before a read of the index removes it. */
    void setUserIndexPruneAfterMillis(long millis) {
        this.userIndexPruneAfterMillis = millis;
    }

    /** For tests: the ids the index of {@code user} (indexed form) lists, checked or not. */
    List<String> listedIds(String user) throws StoreException {
        String key = users.key(user);
        return connection.call("listedIds", null, client -> List.copyOf(
                client.<String>getScoredSortedSet(key, org.redisson.client.codec.StringCodec.INSTANCE).readAll()));
    }

    /** Pipelined HGET/GET, 1,000 ids per round trip. */
    @Override
    public List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        RedisScan scan = scanner;
        return connection.call("lookup", null, client -> scan.lookup(client, ids, context.now()));
    }

    // ---- raw expiry in hash mode (see RedisExpiry) ------------------------------------------

    /**
     * Deletes expired fields from up to {@code maxBuckets} bucket hashes, continuing where the
     * last sweep (of any node) stopped, and stops early once {@code budgetMillis} has passed.
     * Only fields expired for longer than {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS} before
     * {@code now} go, so that a node holding the session expires it with its listeners first.
     * Each bucket is one script call that checks every field's expiry and deletes within the
     * script, so a session refreshed meanwhile is never deleted. Does nothing in string mode.
     * Where Redis expires fields itself (per-field TTL) the sweep still runs,
     * {@value RedisExpiry#FIELD_TTL_SWEEP_SLOWDOWN} times slower from {@link #backgroundProcess()}:
     * fields written before an upgrade, or while a failover put an older server in charge, have
     * no TTL of their own, and the sweep gives each such live field its TTL. When a sweep in that
     * mode fails because the server lacks the commands (a failover to an older server), the
     * server is probed again and the sweep run in the mode found.
     */
    public SweepResult sweep(long now, int maxBuckets, long budgetMillis) throws StoreException {
        return expiry.sweep(now, maxBuckets, budgetMillis);
    }

    /**
     * Hook for the Manager's background thread: sweeps the share of buckets due since the last
     * run, so that every bucket is visited once per {@code sweepPeriodSeconds}, within
     * {@code sweepBudgetMillis}; nothing while the expiry valve covers this store. Failures are
     * logged, never thrown.
     */
    @Override
    public void backgroundProcess() {
        RedisConnection open = connection;
        if (open == null || !open.isOpen()) {
            return;
        }
        try {
            users.pruneDue();
        } catch (StoreException e) {
            log.warn(context.logName() + ": removing ended sessions from the user index failed: " + e.getMessage());
        }
        if (expiryByValve) {
            return;
        }
        long startedAt = System.currentTimeMillis();
        try {
            SweepResult result = expiry.sweepDue(config.sweepPeriodSeconds(), config.sweepBudgetMillis());
            sweepRan(startedAt, result.deleted(), result.millis(), result.millis());
            if (log.isDebugEnabled() && result.deleted() > 0) {
                log.debug(context.logName() + ": expiry sweep " + result);
            }
        } catch (StoreException e) {
            sweepFailed(e.getMessage());
            log.warn(context.logName() + ": expiry sweep failed: " + e.getMessage());
        }
    }

    /**
     * One batch of the valve's pass in hash mode: sweeps the next {@code batchSize} buckets (the
     * shared cursor, see {@link #sweep}) within {@code sweepBudgetMillis}; the pass is complete
     * once it has visited every bucket. A field goes once expired by this node's clock and by
     * the server's {@code TIME}. Nothing to do in string mode or with per-field TTL.
     */
    @Override
    public ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        return expiry.deleteExpired(previous, batchSize, config.sweepBudgetMillis());
    }

    /**
     * Hash mode: the lease is the key {@code <keyPrefix>expiry-lease} holding the owner, with a
     * PX time to live (the server's clock); taken, renewed or released by one script. String mode
     * has nothing to delete and no lease.
     */
    @Override
    public boolean acquireExpiryLease(String owner, long ttlMillis) throws StoreException {
        return expiry.acquireLease(owner, ttlMillis);
    }

    @Override
    public void releaseExpiryLease(String owner) throws StoreException {
        expiry.releaseLease(owner);
    }

    @Override
    public String expiryLeaseHolder() throws StoreException {
        return expiry.leaseHolder();
    }

    @Override
    public void setExpiryByValve(boolean byValve) {
        this.expiryByValve = byValve;
    }

    // ---- where sessions live, for operators and tools -------------------------------------------

    /**
     * Where this store keeps session {@code id} in Redis: the key, and in hash mode the field of
     * that key's hash. With {@code redis-cli}: {@code GET <key>} in string mode,
     * {@code HGET <key> <field>} in hash mode ({@link SessionLocation#cliField()} spells the field
     * as {@code redis-cli} reads it). Tools that write or inspect values with a Redis client of
     * their own use it with {@link #storedValue}. A session keeps its location as long as
     * {@code mode}, {@code keyPrefix}, {@code bucketCount} and {@code bucketGenerator} stay the
     * same. Reads nothing from Redis; the session need not exist.
     *
     * @param id a session id (any text: ids not in Tomcat's form are encoded, as the store does)
     * @return the location, whose field is the caller's own copy
     * @throws IllegalStateException when the store has not been started (the layout is built at start)
     */
    public SessionLocation locate(String id) {
        Objects.requireNonNull(id, "id");
        KeyLayout started = layout;
        if (started == null) {
            throw new IllegalStateException("the store has not been started: its key layout is built at start");
        }
        SessionLocation at = started.locate(id);
        return new SessionLocation(at.key(), at.field().clone());
    }

    /**
     * The value this store keeps at a session's {@link #locate location} for {@code record}, in
     * either mode: the frame exactly as the Manager wrote it, then the record's {@code rawBytes}
     * as a big-endian 4-byte integer. The store's scripts read the record's version, expiry and
     * last access from the frame's header, so a tool that loads records with its own Redis client
     * (the benchmarks' pipelined fills) writes exactly these bytes; in string mode the key also
     * needs a time to live (until the record's {@code expiresAt}, plus
     * {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS}, as the store gives it).
     *
     * @param record a session record
     * @return the bytes to store, a new array
     * @throws IllegalArgumentException when {@code record}'s frame is not a session-stores frame or
     *         its header disagrees with the record's version, expiry or last access (a record
     *         {@link #write} refuses)
     */
    public static byte[] storedValue(SessionRecord record) {
        StoredValues.requireConsistent(record);
        return StoredValues.encode(record);
    }

    // ---- for the tests of this package ---------------------------------------------------------

    /** The most records one pipelined scan round trip returned (tests). */
    int largestScanAnswer() {
        return scanner.largestAnswer();
    }

    /** The shared client (tests inspect Redis through it); {@code null} when stopped. */
    RedissonClient redisson() {
        RedisConnection open = connection;
        return open == null ? null : open.redisson();
    }

    /** What the store learned about the server (tests make it believe in per-field TTL). */
    ServerScripts scripts() {
        return scripts;
    }

    /** The key recording this application's layout (tests remove it with the sessions). */
    String layoutKey() {
        return connection.layoutKey();
    }

    /** The key layout in use (tests check what an operator sees in redis-cli). */
    KeyLayout layout() {
        return layout;
    }
}
