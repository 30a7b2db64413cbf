package io.sessionstores.core.store;

/**
 * What one {@link SessionStore#scan} call asks for.
 *
 * @param cursor     where to continue: {@code null} to start, else the {@link ScanBatch#nextCursor()}
 *                   of the previous batch of the same walk (an opaque text only the store reads)
 * @param limit      most records to return, from 1 to {@link #MAX_LIMIT}; a store that reads its
 *                   backend by pages (Redis {@code HSCAN}/{@code SCAN}) may exceed it by at most
 *                   one page
 * @param biggerThan only records whose {@link SessionRecord#rawBytes() raw size} is greater than
 *                   this many bytes ({@code -1}: every record; {@code 0} and more: a size filter the
 *                   store applies where the data lives, by an index in SQL)
 * @param headBytes  {@code 0}: whole frames; else the store may return only the first
 *                   {@code headBytes} bytes of each frame (at least {@link #MIN_HEAD_BYTES}), with
 *                   the whole frame's length in {@link ScannedRecord#frameLength()}: all that size
 *                   analysis reads is the header and the attribute index at the frame's start
 */
public record ScanRequest(String cursor, int limit, long biggerThan, int headBytes) {

    /** Largest batch a scan may ask for. */
    public static final int MAX_LIMIT = 100_000;
    /** Smallest head a scan may ask for: the fixed header and a few bytes of the body. */
    public static final int MIN_HEAD_BYTES = 64;

    public ScanRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("scan limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (biggerThan < -1) {
            throw new IllegalArgumentException("biggerThan must be -1 (no filter) or more, was " + biggerThan);
        }
        if (headBytes != 0 && headBytes < MIN_HEAD_BYTES) {
            throw new IllegalArgumentException("headBytes must be 0 (whole frames) or at least " + MIN_HEAD_BYTES
                    + ", was " + headBytes);
        }
    }

    /** A request for whole frames. */
    public ScanRequest(String cursor, int limit, long biggerThan) {
        this(cursor, limit, biggerThan, 0);
    }

    /** The first batch of a walk over every record. */
    public static ScanRequest all(int limit) {
        return new ScanRequest(null, limit, -1);
    }

    /** Whether a record of {@code rawBytes} passes the size filter. */
    public boolean accepts(long rawBytes) {
        return rawBytes > biggerThan;
    }

    /** The request for the batch after {@code batch}. */
    public ScanRequest next(ScanBatch batch) {
        return new ScanRequest(batch.nextCursor(), limit, biggerThan, headBytes);
    }
}
