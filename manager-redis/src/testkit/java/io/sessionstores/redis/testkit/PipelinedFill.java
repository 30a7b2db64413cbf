package io.sessionstores.redis.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.EncodedFrame;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameHeader;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.frame.SessionFrame;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.redis.RedisSessionStore;
import io.sessionstores.redis.SessionLocation;

/**
 * Fills a Redis store fast, for manager-redis' sweep tests and the benchmarks' Redis figures:
 * sessions with random ids, written with pipelined commands of exactly the key, field and value
 * the store itself writes ({@link RedisSessionStore#locate}, {@link RedisSessionStore#storedValue}):
 * an HSET per session in hash mode, a SET with the store's PX time to live in string mode.
 *
 * <p>Public API only: this source folder is test code of manager-redis and main code of the
 * benchmarks (which compile it; they use no test-jar), in a package of its own. The frames come
 * from core's {@link FrameWriter}: one attribute of random bytes, uncompressed, sized so that the
 * frame has exactly the length asked for.
 */
public final class PipelinedFill {

    /** Where the commands go: {@link BatchWrites} of a Redisson client, or any pipeline that sends them as they are. */
    public interface Writes {

        /** Sends HSET {@code key field value}. */
        void hset(String key, byte[] field, byte[] value);

        /** Sends SET {@code key value} PX {@code ttlMillis}. */
        void setPx(String key, byte[] value, long ttlMillis);

        /** Sends what was added; called every 10,000 sessions and at the end. */
        void flush();
    }

    private static final int BATCH = 10_000;
    private static final int MAX_INACTIVE_SECONDS = 1800;
    /** No compression: the frame keeps the length it is given. */
    private static final FrameWriter WRITER = new FrameWriter(
            new FrameOptions(Integer.MAX_VALUE, FrameOptions.DEFAULT_MAX_DECODED_SIZE, null));

    private PipelinedFill() {
    }

    /**
     * Writes {@code n} sessions of version 1 with frames of {@code frameBytes} that expire at
     * {@code expiresAt} (string mode: their keys' time to live counts from {@code now}), last
     * accessed a minute before {@code now}, to the started {@code store}'s layout through
     * {@code writes}; returns the first session's id. Every session holds the same frame (an
     * unsigned frame does not name its id), under its own random Tomcat-shaped id.
     */
    public static String sessions(RedisSessionStore store, long now, int n, long expiresAt, int frameBytes,
                                  Writes writes) {
        Random random = new Random(expiresAt ^ n);
        byte[] idBytes = new byte[16];
        byte[] value = RedisSessionStore.storedValue(record("00", 1, expiresAt, now - 60_000, frameBytes));
        // write.lua's ttl_of: until expiresAt, plus the grace an expired record is kept
        long ttl = Math.max(1, expiresAt - now) + SessionStore.EXPIRED_RECORD_GRACE_MILLIS;
        String first = null;
        for (int done = 0; done < n; ) {
            for (int i = 0; i < BATCH && done < n; i++, done++) {
                random.nextBytes(idBytes);
                String id = HexFormat.of().withUpperCase().formatHex(idBytes);
                first = first == null ? id : first;
                SessionLocation at = store.locate(id);
                if (at.inHash()) {
                    writes.hset(at.key(), at.field(), value);
                } else {
                    writes.setPx(at.key(), value, ttl);
                }
            }
            writes.flush();
        }
        return first;
    }

    /**
     * A record whose frame, written by core's {@link FrameWriter}, is exactly {@code frameBytes}
     * long: a header (codec 1, maxInactive 30 minutes, created a second before {@code lastAccess}),
     * one attribute {@code data} of random bytes, the CRC.
     *
     * @throws IllegalArgumentException when {@code frameBytes} is too small for a frame with one attribute
     */
    public static SessionRecord record(String id, long version, long expiresAt, long lastAccess, int frameBytes) {
        FrameHeader header = new FrameHeader(1, expiresAt, lastAccess, version, lastAccess - 1000, MAX_INACTIVE_SECONDS);
        FrameBinding binding = new FrameBinding("/fill", id, version);
        byte[] data = new byte[Math.max(0, frameBytes)];
        new Random(frameBytes).nextBytes(data);
        int valueLength = Math.max(0, frameBytes - 64);
        // the length's varints may grow or shrink with it: a few rounds settle it
        for (int round = 0; round < 8; round++) {
            EncodedFrame frame = WRITER.write(new SessionFrame(header, false, null, null,
                    List.of(new EncodedAttribute("data", Arrays.copyOf(data, valueLength)))), binding);
            int off = frame.bytes().length - frameBytes;
            if (off == 0) {
                return new SessionRecord(id, frame.bytes(), version, expiresAt, lastAccess, MAX_INACTIVE_SECONDS,
                        frame.rawBytes());
            }
            valueLength -= off;
            if (valueLength < 0) {
                break;
            }
        }
        throw new IllegalArgumentException("no frame of exactly " + frameBytes + " bytes with one attribute");
    }

    /** Redisson batches of a client the caller opened (works on a cluster too). */
    public static final class BatchWrites implements Writes {

        private final RedissonClient client;
        private RBatch batch;

        /** Batches on {@code client}, which stays the caller's to shut down. */
        public BatchWrites(RedissonClient client) {
            this.client = client;
            this.batch = client.createBatch();
        }

        @Override
        public void hset(String key, byte[] field, byte[] value) {
            batch.getMap(key, ByteArrayCodec.INSTANCE).fastPutAsync(field, value);
        }

        @Override
        public void setPx(String key, byte[] value, long ttlMillis) {
            batch.getBucket(key, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
        }

        @Override
        public void flush() {
            batch.execute();
            batch = client.createBatch();
        }
    }
}
