package io.sessionstores.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Removes expired fields from the bucket hashes without any expiry index: the bucket names are
 * known ({@code bucketCount} of them), so the sweep walks them in order, one {@code sweep.lua}
 * call per bucket, pipelined (EVALSHA: the script was loaded on first use, see
 * {@link ServerScripts}; a batch that meets NOSCRIPT after a restart reloads it and runs again). Which buckets a run takes is claimed with one INCRBY on a small
 * cursor key in Redis, so runs on several nodes continue each other and never sweep the same
 * buckets at once.
 */
final class BucketSweeper {

    /** Buckets per pipelined batch (and per cursor claim). */
    static final int BUCKETS_PER_BATCH = 256;

    private static final byte[] START = {'0'};

    private final LuaScript script;
    private final KeyLayout layout;
    private final byte[] fieldsPerCall;

    BucketSweeper(KeyLayout layout, LuaScript script, int fieldsPerCall) {
        this.layout = layout;
        this.script = script;
        this.fieldsPerCall = LuaScript.arg(fieldsPerCall);
    }

    /**
     * Sweeps up to {@code maxBuckets} buckets, stopping early once {@code budgetMillis} has passed
     * (checked between batches). The next batch is sent before the answers of the previous one
     * are read, so the client's work overlaps the server's.
     */
    SweepResult sweep(RedissonClient client, long now, int maxBuckets, long budgetMillis) {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        byte[] nowBytes = LuaScript.arg(now);
        int visited = 0;
        long[] totals = new long[2]; // deleted, calls
        Batch pending = null;
        while (visited < maxBuckets && System.nanoTime() - deadline < 0) {
            int n = Math.min(BUCKETS_PER_BATCH, maxBuckets - visited);
            long end = client.getAtomicLong(layout.sweepCursorKey()).addAndGet(n);
            Batch next = send(client, end - n, n, nowBytes);
            visited += n;
            if (pending != null) {
                finish(client, pending, nowBytes, totals);
            }
            pending = next;
        }
        if (pending != null) {
            finish(client, pending, nowBytes, totals);
        }
        return new SweepResult(visited, totals[0], totals[1],
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** One pipelined batch in flight: buckets {@code first .. first + n - 1} (cursor positions). */
    private record Batch(long first, int n, CompletableFuture<? extends BatchResult<?>> answers) {
    }

    private Batch send(RedissonClient client, long first, int n, byte[] now) {
        return new Batch(first, n, batch(client, first, n, now).executeAsync().toCompletableFuture());
    }

    /** Reads a batch's answers (continuing buckets too big for one call); adds to {deleted, calls}. */
    private void finish(RedissonClient client, Batch batch, byte[] now, long[] totals) {
        List<?> answers = answers(client, batch, now);
        totals[1] += batch.n();
        for (int i = 0; i < batch.n(); i++) {
            List<?> answer = (List<?>) answers.get(i);
            totals[0] += ((Number) answer.get(1)).longValue();
            byte[] cursor = (byte[]) answer.get(0);
            if (!isStart(cursor)) {
                long[] rest = finishBucket(client, bucketKey(batch.first() + i), cursor, now);
                totals[0] += rest[0];
                totals[1] += rest[1];
            }
        }
    }

    private List<?> answers(RedissonClient client, Batch batch, byte[] now) {
        try {
            return batch.answers().join().getResponses();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
            if (!isNoScript(cause)) {
                throw cause;
            }
            script.loadEverywhere(client); // the server restarted or failed over since the script was loaded
            return batch(client, batch.first(), batch.n(), now).execute().getResponses();
        }
    }

    private static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisNoScriptException || String.valueOf(t.getMessage()).contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private RBatch batch(RedissonClient client, long first, int n, byte[] now) {
        RBatch batch = client.createBatch();
        for (int i = 0; i < n; i++) {
            String key = bucketKey(first + i);
            batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, script.sha(),
                    RScript.ReturnType.MULTI, List.of(key), (Object[]) args(now, START));
        }
        return batch;
    }

    /** Continues a bucket too big for one call; returns {deleted, calls}. */
    private long[] finishBucket(RedissonClient client, String key, byte[] cursor, byte[] now) {
        long deleted = 0;
        long calls = 0;
        while (!isStart(cursor)) {
            List<?> answer = script.run(client, RScript.ReturnType.MULTI, key, args(now, cursor));
            deleted += ((Number) answer.get(1)).longValue();
            cursor = (byte[]) answer.get(0);
            calls++;
        }
        return new long[] {deleted, calls};
    }

    private byte[][] args(byte[] now, byte[] cursor) {
        return new byte[][] {new byte[] {'h'}, new byte[0], now, cursor, fieldsPerCall};
    }

    private String bucketKey(long position) {
        return layout.bucketKey((int) Math.floorMod(position, (long) layout.bucketCount()));
    }

    private static boolean isStart(byte[] cursor) {
        return cursor.length == 1 && cursor[0] == '0';
    }
}
