package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.juli.logging.Log;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/**
 * Raw expiry of a started {@link RedisSessionStore} in hash mode: the sweep (expired fields deleted
 * bucket by bucket, {@link BucketSweeper}), run by the store's background thread at the pace of
 * {@code sweepPeriodSeconds} or by the expiry valve in batches, and the expiry lease (which node
 * runs the valve). String mode has nothing of this: Redis expires its keys.
 */
final class RedisExpiry {

    /** How much slower the sweep runs where the server expires fields itself. */
    static final int FIELD_TTL_SWEEP_SLOWDOWN = 10;

    private static final byte[] NONE = new byte[0];

    private final RedisConnection connection;
    private final KeyLayout layout;
    private final ServerScripts scripts;
    private final BucketSweeper sweeper;
    private final StoreContext context;
    private final Log log;
    private final AtomicLong ttlGiven;
    private volatile long lastSweep;

    /** @param ttlGiven the store's counter of fields a sweep gave their TTL (it outlives a restart) */
    RedisExpiry(RedisConnection connection, KeyLayout layout, ServerScripts scripts, int sweepFieldsPerCall,
                StoreContext context, Log log, AtomicLong ttlGiven, ChangeChannel changes) {
        this.connection = connection;
        this.layout = layout;
        this.scripts = scripts;
        this.sweeper = new BucketSweeper(layout, scripts.sweep, sweepFieldsPerCall, changes);
        this.context = context;
        this.log = log;
        this.ttlGiven = ttlGiven;
        this.lastSweep = context.now();
    }

    /** See {@link RedisSessionStore#sweep(long, int, long)}. */
    SweepResult sweep(long now, int maxBuckets, long budgetMillis) throws StoreException {
        if (layout.mode() != StoreMode.HASH) {
            return SweepResult.NONE;
        }
        long before = now - SessionStore.EXPIRED_RECORD_GRACE_MILLIS;
        SweepResult result = connection.call("sweep", null, client -> {
            boolean fieldTtl = scripts.fieldTtl(client);
            try {
                return sweeper.sweep(client, before, maxBuckets, budgetMillis, fieldTtl);
            } catch (RuntimeException e) {
                if (!fieldTtl || !SessionScripts.lacksFieldTtl(e)) {
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
     * The background run: sweeps the share of buckets due since the last run, so that every
     * bucket is visited once per {@code periodSeconds} ({@value #FIELD_TTL_SWEEP_SLOWDOWN} times
     * that where the server expires fields itself), within {@code budgetMillis}.
     */
    SweepResult sweepDue(int periodSeconds, long budgetMillis) throws StoreException {
        long now = context.now();
        long elapsed = Math.max(0, now - lastSweep);
        lastSweep = now;
        long period = periodSeconds * 1000L;
        if (scripts.isKnownFieldTtl()) {
            period *= FIELD_TTL_SWEEP_SLOWDOWN;
        }
        int due = (int) Math.min(layout.bucketCount(), Math.max(1, (layout.bucketCount() * elapsed + period - 1) / period));
        return sweep(now, due, budgetMillis);
    }

    /** One batch of the valve's pass: see {@link RedisSessionStore#deleteExpired}. */
    ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize, long budgetMillis) throws StoreException {
        long visited = Math.max(0, previous.position());
        int buckets = (int) Math.min(batchSize, layout.bucketCount() - visited);
        SweepResult result = sweep(context.now(), buckets, budgetMillis);
        if (result == SweepResult.NONE) {
            return ExpiryBatch.NOTHING_TO_DO;
        }
        visited += result.buckets();
        return new ExpiryBatch(result.deleted(), result.buckets() == 0 || visited >= layout.bucketCount(), visited);
    }

    boolean acquireLease(String owner, long ttlMillis) throws StoreException {
        return layout.mode() != StoreMode.HASH || runLease("take", owner, ttlMillis);
    }

    void releaseLease(String owner) throws StoreException {
        if (layout.mode() == StoreMode.HASH) {
            runLease("release", owner, 0);
        }
    }

    String leaseHolder() throws StoreException {
        if (layout.mode() != StoreMode.HASH) {
            return null;
        }
        return connection.call("expiryLeaseHolder", null,
                client -> client.<String>getBucket(layout.expiryLeaseKey(), StringCodec.INSTANCE).get());
    }

    private boolean runLease(String operation, String owner, long ttlMillis) throws StoreException {
        Long result = connection.call("expiryLease", null, client -> scripts.expiryLease.run(client,
                RScript.ReturnType.INTEGER, layout.expiryLeaseKey(), NONE, NONE,
                operation.getBytes(StandardCharsets.US_ASCII), owner.getBytes(StandardCharsets.UTF_8),
                LuaScript.arg(ttlMillis)));
        return result != null && result == 1L;
    }
}
