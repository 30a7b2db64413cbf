package io.sessionstores.redis;

/**
 * Chooses the bucket (hash key) a session id lives in, in hash mode. Implementations must be
 * stable (the same id always gives the same bucket, on every node and after restarts) and
 * spread ids evenly; they are configured with {@code bucketGenerator="class name"} on the store
 * and need a public no-argument constructor.
 */
public interface BucketGenerator {

    /**
     * The bucket of {@code id}, in {@code [0, bucketCount)}.
     *
     * @param id          the session id (untrusted text: never echoed into the result)
     * @param bucketCount a power of two between 1 and 65536
     */
    int bucket(String id, int bucketCount);
}
