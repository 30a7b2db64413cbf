package io.sessionstores.redis;

import java.util.HexFormat;
import java.util.Random;

import org.redisson.api.RBatch;
import org.redisson.client.codec.ByteArrayCodec;

import io.sessionstores.core.store.SessionRecord;

/**
 * Fills a hash-mode store fast for the figures tests: sessions with random ids and bodies,
 * written with pipelined HSETs of exactly the key, field and value the store itself writes.
 */
final class PipelinedFill {

    private PipelinedFill() {
    }

    /** Writes {@code n} sessions of {@code frameBytes} whose frames expire at {@code expiresAt}. */
    static void sessions(RedisSessionStore store, long now, int n, long expiresAt, int frameBytes) {
        Random random = new Random(expiresAt ^ n);
        byte[] idBytes = new byte[16];
        byte[] body = new byte[frameBytes - 44];
        KeyLayout layout = store.layout();
        for (int done = 0; done < n; ) {
            RBatch batch = store.redisson().createBatch();
            for (int i = 0; i < 10_000 && done < n; i++, done++) {
                random.nextBytes(idBytes);
                random.nextBytes(body);
                String id = HexFormat.of().withUpperCase().formatHex(idBytes);
                SessionRecord record = TestFrames.record(id, 1, expiresAt, now - 60_000, body);
                SessionLocation at = layout.locate(id);
                batch.getMap(at.key(), ByteArrayCodec.INSTANCE).fastPutAsync(at.field(), StoredValues.encode(record));
            }
            batch.execute();
        }
    }
}
