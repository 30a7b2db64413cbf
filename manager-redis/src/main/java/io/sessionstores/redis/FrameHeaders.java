package io.sessionstores.redis;

import java.nio.ByteBuffer;

import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.store.StoredSession;

/**
 * Reads the few header fields the store needs straight from stored bytes, without the frame
 * reader: whether a value is a frame at all, and its expiry, last access, version and
 * maxInactive. The Lua scripts read the same offsets ({@code prelude.lua}).
 */
final class FrameHeaders {

    /** The first four bytes of every frame this store accepts: magic "SSF" and format version. */
    private static final byte[] START = {'S', 'S', 'F', (byte) FrameFormat.FORMAT_VERSION};

    private FrameHeaders() {
    }

    /** Whether {@code value} starts like a frame of the supported format version. */
    static boolean isFrame(byte[] value) {
        if (value == null || value.length < FrameFormat.HEADER_LENGTH) {
            return false;
        }
        for (int i = 0; i < START.length; i++) {
            if (value[i] != START[i]) {
                return false;
            }
        }
        return true;
    }

    static long expiresAt(byte[] frame) {
        return ByteBuffer.wrap(frame).getLong(FrameFormat.OFFSET_EXPIRES_AT);
    }

    static long lastAccess(byte[] frame) {
        return ByteBuffer.wrap(frame).getLong(FrameFormat.OFFSET_LAST_ACCESS);
    }

    static long version(byte[] frame) {
        return ByteBuffer.wrap(frame).getLong(FrameFormat.OFFSET_VERSION);
    }

    /**
     * The record a valid frame stands for. {@code rawBytes} is the stored length: the
     * uncompressed size is not in the header, and the store never decodes the body.
     */
    static StoredSession toStoredSession(String id, byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        return new StoredSession(id, frame, b.getLong(FrameFormat.OFFSET_VERSION),
                b.getLong(FrameFormat.OFFSET_EXPIRES_AT), b.getLong(FrameFormat.OFFSET_LAST_ACCESS),
                b.getInt(FrameFormat.OFFSET_MAX_INACTIVE), frame.length);
    }

    /**
     * Refuses a record whose frame is not a frame, or whose header disagrees with the record's
     * version, expiry or last access: the scripts trust the header, so a mismatch would be read
     * back as a different record.
     */
    static void requireConsistent(StoredSession record) {
        byte[] frame = record.frame();
        if (!isFrame(frame)) {
            throw new IllegalArgumentException("record frame is not a session-stores frame (format "
                    + FrameFormat.FORMAT_VERSION + ", at least " + FrameFormat.HEADER_LENGTH + " bytes)");
        }
        if (version(frame) != record.version() || expiresAt(frame) != record.expiresAt()
                || lastAccess(frame) != record.lastAccess()) {
            throw new IllegalArgumentException("frame header (version " + version(frame) + ", expiresAt "
                    + expiresAt(frame) + ", lastAccess " + lastAccess(frame) + ") disagrees with " + record);
        }
    }

    /** {@code value} as 8 big-endian bytes, the header's encoding of times. */
    static byte[] int64(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
