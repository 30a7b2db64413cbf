package io.sessionstores.redis;

/**
 * What one run of the hash-mode expiry sweep did.
 *
 * @param buckets how many bucket hashes were visited
 * @param deleted how many expired fields were deleted
 * @param calls   how many sweep script calls ran (one per bucket, more for a big bucket)
 * @param millis  how long the run took
 * @param ttlGiven per-field TTL mode: live fields that had no TTL of their own and got one
 */
public record SweepResult(int buckets, long deleted, long calls, long millis, long ttlGiven) {

    /** A run that did nothing (string mode, or nothing due). */
    public static final SweepResult NONE = new SweepResult(0, 0, 0, 0, 0);

    /** A run of the bucket sweep without per-field TTL. */
    public SweepResult(int buckets, long deleted, long calls, long millis) {
        this(buckets, deleted, calls, millis, 0);
    }
}
