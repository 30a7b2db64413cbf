package io.sessionstores.core.store;

/**
 * A record as a scan or a lookup finds it: unlike {@link SessionStore#read}, an expired record
 * that is still stored is returned, flagged, so that tools can count it apart.
 *
 * @param record  the record
 * @param expired whether it had expired at the store's "now" ({@link SessionRecord#isExpired})
 */
public record ScannedRecord(SessionRecord record, boolean expired) {

    /** {@code record}, flagged by its expiry at {@code now}. */
    public static ScannedRecord at(SessionRecord record, long now) {
        return new ScannedRecord(record, record.isExpired(now));
    }
}
