package io.sessionstores.redis;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.store.SessionRecord;

/**
 * The value the store keeps per session: the frame exactly as the Manager wrote it, followed by
 * four bytes (big-endian) holding the record's {@code rawBytes}, the one number a reader cannot
 * take from the frame's header. The store reads the header fields it needs straight from the
 * bytes, without the frame reader: whether a value is a frame at all, its expiry, last access,
 * version and maxInactive. The Lua scripts read the same offsets ({@code prelude.lua}); they
 * never look at the end of the value.
 */
final class StoredValues {

    /** Bytes after the frame: rawBytes as an int32. */
    static final int SUFFIX_LENGTH = Integer.BYTES;

    /** The first four bytes of every frame this store accepts: magic "SSF" and format version. */
    private static final byte[] START = {'S', 'S', 'F', (byte) FrameFormat.FORMAT_VERSION};

    private StoredValues() {
    }

    /**
     * Whether {@code value} is a stored frame of the supported format version with a record
     * version of at least 1 (a frame with the magic and a version 0 or below is corrupt).
     */
    static boolean isStoredValue(byte[] value) {
        return value != null && value.length >= FrameFormat.HEADER_LENGTH + SUFFIX_LENGTH && startsLikeFrame(value)
                && version(value) >= 1;
    }

    /** The value to store for {@code record}: its frame, then its rawBytes. */
    static byte[] encode(SessionRecord record) {
        byte[] frame = record.frame();
        byte[] value = Arrays.copyOf(frame, frame.length + SUFFIX_LENGTH);
        ByteBuffer.wrap(value).putInt(frame.length, record.rawBytes());
        return value;
    }

    /** The record a {@link #isStoredValue valid} value stands for. */
    static SessionRecord decode(String id, byte[] value) {
        int frameLength = value.length - SUFFIX_LENGTH;
        ByteBuffer b = ByteBuffer.wrap(value);
        return new SessionRecord(id, Arrays.copyOf(value, frameLength), b.getLong(FrameFormat.OFFSET_VERSION),
                b.getLong(FrameFormat.OFFSET_EXPIRES_AT), b.getLong(FrameFormat.OFFSET_LAST_ACCESS),
                b.getInt(FrameFormat.OFFSET_MAX_INACTIVE), b.getInt(frameLength));
    }

    /** The record version in the header of a {@link #isStoredValue valid} value. */
    static long version(byte[] value) {
        return ByteBuffer.wrap(value).getLong(FrameFormat.OFFSET_VERSION);
    }

    /** The rawBytes kept after the frame of a {@link #isStoredValue valid} value. */
    static int rawBytes(byte[] value) {
        return ByteBuffer.wrap(value).getInt(value.length - SUFFIX_LENGTH);
    }

    /**
     * Refuses a record whose frame is not a frame, or whose header disagrees with the record's
     * version, expiry or last access: the scripts trust the header, so a mismatch would be read
     * back as a different record.
     */
    static void requireConsistent(SessionRecord record) {
        byte[] frame = record.frame();
        if (frame.length < FrameFormat.HEADER_LENGTH || !startsLikeFrame(frame)) {
            throw new IllegalArgumentException("record frame is not a session-stores frame (format "
                    + FrameFormat.FORMAT_VERSION + ", at least " + FrameFormat.HEADER_LENGTH + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        long version = b.getLong(FrameFormat.OFFSET_VERSION);
        long expiresAt = b.getLong(FrameFormat.OFFSET_EXPIRES_AT);
        long lastAccess = b.getLong(FrameFormat.OFFSET_LAST_ACCESS);
        if (version != record.version() || expiresAt != record.expiresAt() || lastAccess != record.lastAccess()) {
            throw new IllegalArgumentException("frame header (version " + version + ", expiresAt " + expiresAt
                    + ", lastAccess " + lastAccess + ") disagrees with " + record);
        }
    }

    /**
     * Record version of an {@link #evictionMarker eviction marker}: the greatest the scripts read
     * exactly (they compute in doubles), greater than any version a session reaches.
     */
    static final long EVICTED_VERSION = (1L << 53) - 1;

    /**
     * A record standing for "deleted, do not refill" in a cache: a bare frame header (no
     * attributes) of version {@link #EVICTED_VERSION}, expired a minute before {@code now} (so a
     * node whose clock lags by less than that sees it expired too). Redis keeps it for the expired
     * record grace (the hash-mode sweep: at least four minutes), far longer than a fill races.
     */
    static SessionRecord evictionMarker(String id, long now) {
        return bareHeader(id, EVICTED_VERSION, now, now);
    }

    /**
     * Record version of a {@link #tombstone tombstone}: below {@link #EVICTED_VERSION}, above any
     * version a session reaches.
     */
    static final long TOMBSTONE_VERSION = EVICTED_VERSION - 1;

    /**
     * A migration's record of a delete ({@code SessionStore.deleteLeavingTombstone}): a bare frame
     * header of version {@link #TOMBSTONE_VERSION}, expired (as an eviction marker, so every read
     * finds no session in it) and holding its end, {@code until}, in the last-access field, where
     * the scripts look for it ({@code prelude.lua}).
     */
    static SessionRecord tombstone(String id, long now, long until) {
        return bareHeader(id, TOMBSTONE_VERSION, now, until);
    }

    /** Whether {@code value} is a {@link #tombstone tombstone} (ended or not): no session, for scans and lookups. */
    static boolean isTombstone(byte[] value) {
        return ByteBuffer.wrap(value).getLong(FrameFormat.OFFSET_VERSION) == TOMBSTONE_VERSION;
    }

    /** Whether {@code value} holds a session (expired or not) for tools: a stored value, not a tombstone. */
    static boolean isSessionValue(byte[] value) {
        return isStoredValue(value) && !isTombstone(value);
    }

    /** A frame header without attributes, expired a minute before {@code now}. */
    private static SessionRecord bareHeader(String id, long version, long now, long lastAccess) {
        long expired = now - 60_000L;
        ByteBuffer frame = ByteBuffer.allocate(FrameFormat.HEADER_LENGTH);
        frame.put(START);
        frame.putLong(FrameFormat.OFFSET_EXPIRES_AT, expired);
        frame.putLong(FrameFormat.OFFSET_LAST_ACCESS, lastAccess);
        frame.putLong(FrameFormat.OFFSET_VERSION, version);
        frame.putLong(FrameFormat.OFFSET_CREATION_TIME, now);
        return new SessionRecord(id, frame.array(), version, expired, lastAccess, 0, FrameFormat.HEADER_LENGTH);
    }

    /** {@code value} as 8 big-endian bytes, the header's encoding of times. */
    static byte[] int64(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private static boolean startsLikeFrame(byte[] value) {
        for (int i = 0; i < START.length; i++) {
            if (value[i] != START[i]) {
                return false;
            }
        }
        return true;
    }
}
