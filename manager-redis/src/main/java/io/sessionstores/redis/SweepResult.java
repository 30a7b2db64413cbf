package io.sessionstores.redis;

/**
 * What one run of the hash-mode expiry sweep did.
 *
 * @param buckets how many bucket hashes were visited
 * @param deleted how many expired fields were deleted
 * @param calls   how many sweep script calls ran (one per bucket, more for a big bucket)
 * @param millis  how long the run took
 */
public record SweepResult(int buckets, long deleted, long calls, long millis) {

    /** A run that did nothing (string mode, per-field TTL, or nothing due). */
    public static final SweepResult NONE = new SweepResult(0, 0, 0, 0);
}
