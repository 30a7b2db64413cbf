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
 */
public record ScanRequest(String cursor, int limit, long biggerThan) {

    /** Largest batch a scan may ask for. */
    public static final int MAX_LIMIT = 100_000;

    public ScanRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("scan limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (biggerThan < -1) {
            throw new IllegalArgumentException("biggerThan must be -1 (no filter) or more, was " + biggerThan);
        }
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
        return new ScanRequest(batch.nextCursor(), limit, biggerThan);
    }
}
