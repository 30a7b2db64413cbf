package io.sessionstores.redis;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/** How {@link RedisSessionStore} lays sessions out in Redis (the {@code mode} attribute). */
public enum StoreMode {
    /**
     * Default. Sessions are fields of bucket hashes ({@code bucketCount} keys per application):
     * small hashes are stored as compact listpacks, which saves most of Redis' per-key overhead.
     * Expired fields are removed by the store's sweep, or by per-field TTL where the server has it.
     */
    HASH {
        @Override
        byte[] read(RedissonClient client, SessionLocation at) {
            return client.<byte[], byte[]>getMap(at.key(), ByteArrayCodec.INSTANCE).get(at.field());
        }

        @Override
        void delete(RBatch batch, SessionLocation at) {
            batch.<byte[], byte[]>getMap(at.key(), ByteArrayCodec.INSTANCE).fastRemoveAsync(at.field());
        }

        @Override
        String scriptMode(boolean fieldTtl) {
            return fieldTtl ? "x" : "h";
        }

        @Override
        long count(RedissonClient client, KeyLayout layout) {
            long total = 0;
            for (int start = 0; start < layout.bucketCount(); start += COUNT_PIPELINE) {
                RBatch batch = client.createBatch();
                int end = Math.min(layout.bucketCount(), start + COUNT_PIPELINE);
                for (int b = start; b < end; b++) {
                    batch.getMap(layout.bucketKey(b), ByteArrayCodec.INSTANCE).sizeAsync();
                }
                BatchResult<?> sizes = batch.execute();
                for (Object size : sizes.getResponses()) {
                    total += ((Number) size).longValue();
                }
            }
            return total;
        }
    },
    /** One key per session with a TTL; Redis expires it. Simpler, about 3x the overhead. */
    STRING {
        @Override
        byte[] read(RedissonClient client, SessionLocation at) {
            return client.<byte[]>getBucket(at.key(), ByteArrayCodec.INSTANCE).get();
        }

        @Override
        void delete(RBatch batch, SessionLocation at) {
            batch.getBucket(at.key(), ByteArrayCodec.INSTANCE).deleteAsync();
        }

        @Override
        String scriptMode(boolean fieldTtl) {
            return "s";
        }

        @Override
        long count(RedissonClient client, KeyLayout layout) {
            int prefix = layout.prefix().length();
            return client.getKeys().getKeysStreamByPattern(layout.stringKeyPattern(), COUNT_PIPELINE)
                    .filter(key -> SessionIdBytes.idOfKeyPart(key.substring(prefix)) != null).count();
        }
    };

    private static final int COUNT_PIPELINE = 1024;

    /** The stored value at {@code at} (GET or HGET: one command), or {@code null}. */
    abstract byte[] read(RedissonClient client, SessionLocation at);

    /** Adds the removal of the value at {@code at} (DEL or HDEL: one command) to {@code batch}. */
    abstract void delete(RBatch batch, SessionLocation at);

    /** ARGV[1] of the scripts ({@code prelude.lua}): how to load and store a value. */
    abstract String scriptMode(boolean fieldTtl);

    /** How many session values exist (SCAN or HLEN over the buckets: for tools, never on a request). */
    abstract long count(RedissonClient client, KeyLayout layout);
}
