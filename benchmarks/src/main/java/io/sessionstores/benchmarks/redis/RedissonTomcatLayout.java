package io.sessionstores.benchmarks.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.Encoder;
import org.redisson.codec.CompositeCodec;
import org.redisson.codec.Kryo5Codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * What Redisson's Tomcat manager ({@code org.redisson.tomcat.RedissonSessionManager},
 * {@code redisson-tomcat-10} 3.52.0 with its defaults: no {@code keyPrefix}, {@code updateMode}
 * DEFAULT, {@code broadcastSessionEvents} false, Redisson's default codec) keeps in Redis per
 * session, for the memory figures: one hash {@code redisson:tomcat_session:<id>} holding six
 * metadata fields ({@code session:creationTime}, {@code session:lastAccessedTime},
 * {@code session:thisAccessedTime} as Long, {@code session:maxInactiveInterval} as Integer,
 * {@code session:isValid} and {@code session:isNew} as Boolean: {@code RedissonSession.save} and
 * {@code endAccess}) and one field per attribute ({@code setAttribute}: HSET), every value
 * encoded by the codec the manager uses ({@code RedissonSessionManager.getMap}: a
 * {@link CompositeCodec} of {@link StringCodec} for field names and Kryo5Codec, rebuilt with the
 * application's class loader in {@code startInternal}, for values), with a time to live of
 * {@code maxInactiveInterval + 60} seconds ({@code RedissonSession.expireSession}, a PEXPIRE
 * that Redisson sends inside a Lua script). A session at rest after its first request has
 * {@code isNew} false and {@code thisAccessedTime == lastAccessedTime}. The sessions here hold
 * what the load benchmark's servlet stores: a String attribute {@code data} (ASCII) and an
 * Integer {@code counter}. They are written as {@code HMSET} (what {@code RMap.putAll} sends)
 * and {@code PEXPIRE}; every session gets the same encoded values under its own key, since
 * Redis' memory depends on their lengths, not their bytes (none of them reads as an integer).
 *
 * <p>Checked against the real manager, by hand (2026-12-02, Redis 7.0.15): a Tomcat 11.0.24 of
 * the load benchmark's variant {@code redisson-redis} on a private redis-server, two
 * {@code /bench/write} requests on one session (data 1,024 characters, counter 2); then the
 * same session sent by this class through {@link RespPipeline} under an id of the same length,
 * with the times and attribute values read back from the real one. Under Redis' default
 * listpack settings, {@code hash-max-listpack-value 256} and {@code 2200}: both hashes had the
 * same 8 fields with the same bytes ({@code HGETALL} with a byte-array codec), the same
 * {@code OBJECT ENCODING} ({@code hashtable}, {@code hashtable}, {@code listpack}) and the same
 * {@code MEMORY USAGE}; the real key's PTTL was just under 1,860 s, like ours.
 */
final class RedissonTomcatLayout {

    /** The key of a session ({@code getTomcatSessionKeyName} without a keyPrefix). */
    static final String KEY_PREFIX = "redisson:tomcat_session:";
    static final int MAX_INACTIVE_SECONDS = 1800;

    private final Codec codec;

    /** The codec as {@code RedissonSessionManager.startInternal} and {@code getMap} build it. */
    RedissonTomcatLayout() throws ReflectiveOperationException {
        Codec base = new Kryo5Codec(); // Redisson's Config.getCodec() when none is configured
        Codec valueCodec = base.getClass().getConstructor(ClassLoader.class, base.getClass())
                .newInstance(RedissonTomcatLayout.class.getClassLoader(), base);
        this.codec = new CompositeCodec(StringCodec.INSTANCE, valueCodec, valueCodec);
    }

    /** The hash's fields and values, encoded, as the manager leaves them after a request. */
    List<byte[]> fields(long creationTime, long lastAccessedTime, Map<String, Object> attributes) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("session:creationTime", creationTime);
        fields.put("session:lastAccessedTime", lastAccessedTime);
        fields.put("session:thisAccessedTime", lastAccessedTime);
        fields.put("session:maxInactiveInterval", MAX_INACTIVE_SECONDS);
        fields.put("session:isValid", Boolean.TRUE);
        fields.put("session:isNew", Boolean.FALSE);
        fields.putAll(attributes);
        List<byte[]> encoded = new ArrayList<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            encoded.add(bytes(codec.getMapKeyEncoder(), field.getKey()));
            encoded.add(bytes(codec.getMapValueEncoder(), field.getValue()));
        }
        return encoded;
    }

    /** Sends session {@code id} with the {@link #fields} given: its hash and its time to live. */
    static void put(RespPipeline pipeline, String id, List<byte[]> fields) {
        Object[] hmset = new Object[fields.size() + 2];
        hmset[0] = "HMSET";
        hmset[1] = KEY_PREFIX + id;
        for (int i = 0; i < fields.size(); i++) {
            hmset[i + 2] = fields.get(i);
        }
        pipeline.command(hmset);
        pipeline.command("PEXPIRE", KEY_PREFIX + id, (MAX_INACTIVE_SECONDS + 60) * 1000L);
    }

    /**
     * Sends {@code n} sessions with random ids (Tomcat's: 16 random bytes as upper-case hex)
     * holding {@code dataChars} ASCII characters in {@code data} and a counter.
     */
    void sessions(RespPipeline pipeline, int n, int dataChars, long now) throws IOException {
        Random random = new Random(n ^ dataChars);
        String data = "a".repeat(dataChars);
        List<byte[]> fields = fields(now - 60_000, now, Map.of("data", data, "counter", 2));
        byte[] idBytes = new byte[16];
        for (int i = 0; i < n; i++) {
            random.nextBytes(idBytes);
            put(pipeline, HexFormat.of().withUpperCase().formatHex(idBytes), fields);
        }
        pipeline.flush();
    }

    private static byte[] bytes(Encoder encoder, Object value) throws IOException {
        ByteBuf buf = encoder.encode(value);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
