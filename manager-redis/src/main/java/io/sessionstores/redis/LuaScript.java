package io.sessionstores.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.ByteArrayCodec;

import io.sessionstores.core.store.SessionStore;

/**
 * One of the store's Lua scripts ({@code /io/sessionstores/redis/<name>.lua} behind the shared
 * {@code prelude.lua}). Every call is one EVALSHA of the SHA-1 computed here once; after a Redis
 * restart or failover, when the server has forgotten the script, NOSCRIPT is answered with
 * SCRIPT LOAD on every master and the EVALSHA again, once. (Not through Redisson's script cache:
 * sending the source there hashes it in a cache that takes one lock shared by every thread on
 * each call, and copies the arguments for the retry.) All arguments and results are bytes
 * ({@link ByteArrayCodec}).
 */
final class LuaScript {

    /**
     * The shared prelude, with {@code ${expiredGraceMillis}} replaced by
     * {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS}: how much longer than its session a
     * string-mode key or a per-field TTL lives; {@code ${tombstoneVersion}} by
     * {@link StoredValues#TOMBSTONE_VERSION}; {@code ${resetAfter}} by {@link ChangeChannel#RESET_AFTER}.
     */
    private static final String PRELUDE = resource("prelude")
            .replace("${expiredGraceMillis}", Long.toString(SessionStore.EXPIRED_RECORD_GRACE_MILLIS))
            .replace("${tombstoneVersion}", Long.toString(StoredValues.TOMBSTONE_VERSION))
            .replace("${resetAfter}", Integer.toString(ChangeChannel.RESET_AFTER));

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** The script {@code name}.lua with the prelude before it. */
    static LuaScript named(String name) {
        return new LuaScript(name, PRELUDE + "\n" + resource(name));
    }

    String name() {
        return name;
    }

    String sha() {
        return sha;
    }

    String source() {
        return source;
    }

    /**
     * Runs the script on {@code key}'s server; {@code args} become ARGV. One EVALSHA; when the
     * server has forgotten the script (NOSCRIPT: nothing ran), the script is loaded and sent once
     * more.
     */
    <R> R run(RedissonClient client, RScript.ReturnType type, String key, byte[]... args) {
        return run(client, type, List.of(key), args);
    }

    /** {@link #run(RedissonClient, RScript.ReturnType, String, byte[]...)} with several KEYS, on the first one's server. */
    <R> R run(RedissonClient client, RScript.ReturnType type, List<Object> keys, byte[]... args) {
        return runValues(client, type, keys, args);
    }

    /**
     * {@link #run(RedissonClient, RScript.ReturnType, List, byte[]...)} with the arguments (each a
     * {@code byte[]}) in an {@code Object[]}: Redisson copies them into an {@code Object[]}, which
     * from an array of another type checks every element (seen in the write's profile).
     */
    <R> R runValues(RedissonClient client, RScript.ReturnType type, List<Object> keys, Object[] values) {
        RScript script = client.getScript(ByteArrayCodec.INSTANCE);
        String key = (String) keys.get(0);
        return loadingOnNoScript(client,
                () -> script.evalSha(key, RScript.Mode.READ_WRITE, sha, type, keys, values));
    }

    /**
     * Runs the script on {@code key}'s master and then {@code WAIT acks timeout} on the same
     * connection (one pipelined batch: Redis refuses WAIT inside a script). Returns the script's
     * result; when the script changed something ({@code changed} says how to tell) and fewer
     * than {@code acks} replicas confirmed it in time, throws {@link ReplicaAckException}. A
     * pipelined EVALSHA gets no NOSCRIPT handling from Redisson: when the server has forgotten
     * the script (a restart, a failover), nothing ran, so the script is loaded and the batch sent
     * once more.
     */
    <R> R runAcknowledged(RedissonClient client, RScript.ReturnType type, List<Object> keys, ReplicaAcks acks,
                          Predicate<R> changed, Object... args) {
        return loadingOnNoScript(client, () -> runAcknowledgedOnce(client, type, keys, acks, changed, args));
    }

    /**
     * Makes {@code call}; when the server answers NOSCRIPT (it has forgotten the script after a
     * restart or failover, so nothing ran), loads the script everywhere and makes it once more.
     */
    private <R> R loadingOnNoScript(RedissonClient client, Supplier<R> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            loadEverywhere(client);
            return call.get();
        }
    }

    private <R> R runAcknowledgedOnce(RedissonClient client, RScript.ReturnType type, List<Object> keys,
                                      ReplicaAcks acks, Predicate<R> changed, Object[] values) {
        RBatch batch = client.createBatch(BatchOptions.defaults().sync(acks.replicas(), acks.timeout()));
        RFuture<R> result = batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync((String) keys.get(0),
                RScript.Mode.READ_WRITE, sha, type, keys, values);
        BatchResult<?> done = batch.execute();
        R value = result.toCompletableFuture().join();
        if (changed.test(value) && done.getSyncedSlaves() < acks.replicas()) {
            throw new ReplicaAckException(name, done.getSyncedSlaves(), acks);
        }
        return value;
    }

    /** Whether {@code failure} (or a cause) is the server's NOSCRIPT: it does not know the script. */
    static boolean isNoScript(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisNoScriptException || String.valueOf(t.getMessage()).contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    /** A number as a script argument: its decimal digits (the scripts read it with tonumber). */
    static byte[] arg(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** Loads the script on every master (SCRIPT LOAD), so even its first call is one EVALSHA. */
    void loadEverywhere(RedissonClient client) {
        client.getScript(ByteArrayCodec.INSTANCE).scriptLoad(source);
    }

    private static String resource(String name) {
        String path = "/io/sessionstores/redis/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script resource " + path, e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
