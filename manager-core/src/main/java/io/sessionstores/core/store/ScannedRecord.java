package io.sessionstores.core.store;

/**
 * A record as a scan or a lookup finds it: unlike {@link SessionStore#read}, an expired record
 * that is still stored is returned, flagged, so that tools can count it apart.
 *
 * @param record      the record; its {@link SessionRecord#frame() frame} is only the frame's
 *                    first bytes when the scan asked for {@link ScanRequest#headBytes() heads}
 *                    and the frame is longer ({@link #isPartial()})
 * @param expired     whether it had expired at the store's "now" ({@link SessionRecord#isExpired})
 * @param frameLength the length of the whole stored frame
 */
public record ScannedRecord(SessionRecord record, boolean expired, int frameLength) {

    public ScannedRecord {
        if (frameLength < record.frame().length) {
            throw new IllegalArgumentException("frame length " + frameLength + " is less than the "
                    + record.frame().length + " bytes returned");
        }
    }

    /** A record with its whole frame. */
    public ScannedRecord(SessionRecord record, boolean expired) {
        this(record, expired, record.frame().length);
    }

    /** {@code record} with its whole frame, flagged by its expiry at {@code now}. */
    public static ScannedRecord at(SessionRecord record, long now) {
        return new ScannedRecord(record, record.isExpired(now));
    }

    /** {@code record}, whose frame may be the first bytes of a frame of {@code frameLength}, flagged at {@code now}. */
    public static ScannedRecord at(SessionRecord record, long now, int frameLength) {
        return new ScannedRecord(record, record.isExpired(now), frameLength);
    }

    /** Whether the record holds only the head of its frame. */
    public boolean isPartial() {
        return record.frame().length < frameLength;
    }
}
