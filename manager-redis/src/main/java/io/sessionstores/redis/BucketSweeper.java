package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Removes expired fields from the bucket hashes without any expiry index: the bucket names are
 * known ({@code bucketCount} of them), so the sweep walks them in order, one {@code sweep.lua}
 * call per bucket, pipelined (EVALSHA: the script was loaded on first use, see
 * {@link ServerScripts}; a batch that meets NOSCRIPT after a restart reloads it and runs again). Which buckets a run takes is claimed with one INCRBY on a small
 * cursor key in Redis, so runs on several nodes continue each other and never sweep the same
 * buckets at once.
 *
 * <p>Where the server expires fields itself (per-field TTL, mode {@code x}), the same walk also
 * gives every expiring field that lacks a TTL of its own its TTL (see {@code sweep.lua}).
 *
 * <p>A bucket too big for one call is walked with HSCAN over several calls, within the run's time
 * budget; when the budget ends first, its HSCAN cursor is kept in Redis (a small hash, bucket
 * index to cursor) and the next run, on any node, continues it before anything else.
 */
final class BucketSweeper {

    /** Where a sweep announces the sessions it deleted (one message per call). */
    private final ChangeChannel changes;

    /** Buckets per pipelined batch (and per cursor claim). */
    static final int BUCKETS_PER_BATCH = 256;

    private static final byte[] START = {'0'};
    private static final byte[] SWEEP_ONLY = {'h'};
    private static final byte[] WITH_FIELD_TTL = {'x'};

    private final LuaScript script;
    private final KeyLayout layout;
    private final byte[] fieldsPerCall;

    BucketSweeper(KeyLayout layout, LuaScript script, int fieldsPerCall, ChangeChannel changes) {
        this.changes = changes;
        this.layout = layout;
        this.script = script;
        this.fieldsPerCall = LuaScript.arg(fieldsPerCall);
    }

    /**
     * Sweeps up to {@code maxBuckets} buckets, stopping early once {@code budgetMillis} has passed
     * (checked between batches). The next batch is sent before the answers of the previous one
     * are read, so the client's work overlaps the server's. With {@code fieldTtl} the calls run in
     * mode {@code x}: fields without a TTL of their own get one (fails on a server without HPEXPIRE).
     */
    SweepResult sweep(RedissonClient client, long now, int maxBuckets, long budgetMillis, boolean fieldTtl) {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        Run run = new Run(LuaScript.arg(now), fieldTtl ? WITH_FIELD_TTL : SWEEP_ONLY);
        int visited = 0;
        long[] totals = new long[3]; // deleted, calls, TTLs given
        resumeBigBuckets(client, run, deadline, totals);
        Batch pending = null;
        while (visited < maxBuckets && System.nanoTime() - deadline < 0) {
            int n = Math.min(BUCKETS_PER_BATCH, maxBuckets - visited);
            long end = client.getAtomicLong(layout.sweepCursorKey()).addAndGet(n);
            Batch next = send(client, end - n, n, run);
            visited += n;
            if (pending != null) {
                finish(client, pending, run, deadline, totals);
            }
            pending = next;
        }
        if (pending != null) {
            finish(client, pending, run, deadline, totals);
        }
        return new SweepResult(visited, totals[0], totals[1],
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), totals[2]);
    }

    /** What every script call of one run passes: "now" and the mode. */
    private record Run(byte[] now, byte[] mode) {
    }

    /** Adds one script answer {cursor, deleted, TTLs given} to {deleted, calls, TTLs given}. */
    private static byte[] count(List<?> answer, long[] totals) {
        totals[0] += ((Number) answer.get(1)).longValue();
        totals[1]++;
        totals[2] += ((Number) answer.get(2)).longValue();
        return (byte[]) answer.get(0);
    }

    /** One pipelined batch in flight: buckets {@code first .. first + n - 1} (cursor positions). */
    private record Batch(long first, int n, CompletableFuture<? extends BatchResult<?>> answers) {
    }

    private Batch send(RedissonClient client, long first, int n, Run run) {
        return new Batch(first, n, batch(client, first, n, run).executeAsync().toCompletableFuture());
    }

    /** Reads a batch's answers (continuing buckets too big for one call); adds to the totals. */
    private void finish(RedissonClient client, Batch batch, Run run, long deadline, long[] totals) {
        List<?> answers = answers(client, batch, run);
        for (int i = 0; i < batch.n(); i++) {
            byte[] cursor = count((List<?>) answers.get(i), totals);
            if (!isStart(cursor)) {
                continueBucket(client, bucketIndex(batch.first() + i), cursor, run, deadline, totals);
            }
        }
    }

    private List<?> answers(RedissonClient client, Batch batch, Run run) {
        try {
            return batch.answers().join().getResponses();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
            if (!LuaScript.isNoScript(cause)) {
                throw cause;
            }
            script.loadEverywhere(client); // the server restarted or failed over since the script was loaded
            return batch(client, batch.first(), batch.n(), run).execute().getResponses();
        }
    }

    private RBatch batch(RedissonClient client, long first, int n, Run run) {
        RBatch batch = client.createBatch();
        for (int i = 0; i < n; i++) {
            String key = bucketKey(first + i);
            batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, script.sha(),
                    RScript.ReturnType.MULTI, changes.sweepKeys(key), (Object[]) args(key, run, START));
        }
        return batch;
    }

    /** Continues the big buckets an earlier run left unfinished, while the budget lasts. */
    private void resumeBigBuckets(RedissonClient client, Run run, long deadline, long[] totals) {
        for (Map.Entry<String, String> left : unfinished(client).readAllMap().entrySet()) {
            if (System.nanoTime() - deadline >= 0) {
                return;
            }
            continueBucket(client, Integer.parseInt(left.getKey()), left.getValue().getBytes(StandardCharsets.US_ASCII),
                    run, deadline, totals);
        }
    }

    /**
     * Continues a bucket too big for one call from {@code cursor} until done or the deadline;
     * keeps the cursor in Redis when the deadline comes first. Adds to the totals.
     */
    private void continueBucket(RedissonClient client, int bucket, byte[] cursor, Run run, long deadline,
                                long[] totals) {
        String key = layout.bucketKey(bucket);
        while (!isStart(cursor) && System.nanoTime() - deadline < 0) {
            cursor = count(script.run(client, RScript.ReturnType.MULTI, changes.sweepKeys(key), args(key, run, cursor)), totals);
        }
        RMap<String, String> unfinished = unfinished(client);
        String field = Integer.toString(bucket);
        if (isStart(cursor)) {
            unfinished.fastRemove(field);
        } else {
            unfinished.fastPut(field, new String(cursor, StandardCharsets.US_ASCII));
        }
    }

    /** Buckets whose walk a run's budget interrupted: bucket index to HSCAN cursor. */
    private RMap<String, String> unfinished(RedissonClient client) {
        return client.getMap(layout.sweepUnfinishedKey(), StringCodec.INSTANCE);
    }

    private byte[][] args(String key, Run run, byte[] cursor) {
        return changes.withChannel(key, run.mode(), new byte[0], run.now(), cursor, fieldsPerCall);
    }

    private String bucketKey(long position) {
        return layout.bucketKey(bucketIndex(position));
    }

    private int bucketIndex(long position) {
        return (int) Math.floorMod(position, (long) layout.bucketCount());
    }

    private static boolean isStart(byte[] cursor) {
        return cursor.length == 1 && cursor[0] == '0';
    }
}
