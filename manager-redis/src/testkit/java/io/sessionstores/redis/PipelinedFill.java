package io.sessionstores.redis;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;

/**
 * Fills a store fast for the figures tests: sessions with random ids and bodies, written with
 * pipelined commands of exactly the key, field and value the store itself writes: an HSET per
 * session in hash mode, a SET with the store's PX time to live in string mode.
 */
final class PipelinedFill {

    /** Where the commands go: Redisson batches by default, any pipeline that sends them as they are. */
    interface Writes {

        void hset(String key, byte[] field, byte[] value);

        void setPx(String key, byte[] value, long ttlMillis);

        /** Sends what was added; called every 10,000 sessions and at the end. */
        void flush();
    }

    private PipelinedFill() {
    }

    /** {@link #sessions(RedisSessionStore, long, int, long, int, Writes)} through the store's own client. */
    static String sessions(RedisSessionStore store, long now, int n, long expiresAt, int frameBytes) {
        return sessions(store, now, n, expiresAt, frameBytes, new BatchWrites(store.redisson()));
    }

    /**
     * Writes {@code n} sessions of {@code frameBytes} whose frames expire at {@code expiresAt}
     * (string mode: after {@code now}); returns the first session's id.
     */
    static String sessions(RedisSessionStore store, long now, int n, long expiresAt, int frameBytes, Writes writes) {
        Random random = new Random(expiresAt ^ n);
        byte[] idBytes = new byte[16];
        byte[] body = new byte[frameBytes - 44];
        KeyLayout layout = store.layout();
        boolean string = layout.mode() == StoreMode.STRING;
        // write.lua's ttl_of: until expiresAt, plus the grace an expired record is kept
        long ttl = Math.max(1, expiresAt - now) + SessionStore.EXPIRED_RECORD_GRACE_MILLIS;
        String first = null;
        for (int done = 0; done < n; ) {
            for (int i = 0; i < 10_000 && done < n; i++, done++) {
                random.nextBytes(idBytes);
                random.nextBytes(body);
                String id = HexFormat.of().withUpperCase().formatHex(idBytes);
                first = first == null ? id : first;
                SessionRecord record = TestFrames.record(id, 1, expiresAt, now - 60_000, body);
                SessionLocation at = layout.locate(id);
                if (string) {
                    writes.setPx(at.key(), StoredValues.encode(record), ttl);
                } else {
                    writes.hset(at.key(), at.field(), StoredValues.encode(record));
                }
            }
            writes.flush();
        }
        return first;
    }

    /** Redisson batches of the store's client (works on a cluster too). */
    private static final class BatchWrites implements Writes {

        private final RedissonClient client;
        private RBatch batch;

        BatchWrites(RedissonClient client) {
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
