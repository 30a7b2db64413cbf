package io.sessionstores.core.frame;

/**
 * Byte layout of the frame's fixed header (big-endian). Stores' server-side scripts rely on these
 * offsets; changing one is a new format version.
 *
 * <pre>
 *  0  3 bytes magic "SSF"
 *  3  1 byte  format version (1)
 *  4  1 byte  flags (bit 0: attribute section LZ4-compressed, bit 1: HMAC-SHA256 trailer)
 *  5  1 byte  codec id
 *  6  2 bytes reserved (0)
 *  8  8 bytes expiresAt (epoch ms, 0 = never)            mutable by stores (touch)
 * 16  8 bytes lastAccess (epoch ms)                      mutable by stores (touch)
 * 24  8 bytes record version
 * 32  8 bytes creationTime (epoch ms)
 * 40  4 bytes maxInactive (seconds)
 * 44  ...     body (see FrameWriter), then the check trailer
 * </pre>
 *
 * <p>The check trailer (CRC32C, or HMAC-SHA256 when flag bit 1 is set) covers every byte of the
 * frame except the two mutable time fields ({@code 8..23}), so a store may patch those in place
 * (see {@link #withTimes}) without re-sealing the frame.
 */
public final class FrameFormat {
    public static final int OFFSET_FORMAT_VERSION = 3;
    public static final int OFFSET_FLAGS = 4;
    public static final int OFFSET_CODEC = 5;
    public static final int OFFSET_EXPIRES_AT = 8;
    public static final int OFFSET_LAST_ACCESS = 16;
    public static final int OFFSET_VERSION = 24;
    public static final int OFFSET_CREATION_TIME = 32;
    public static final int OFFSET_MAX_INACTIVE = 40;
    public static final int HEADER_LENGTH = 44;
    public static final int FORMAT_VERSION = 1;

    /** The three magic bytes every frame starts with: {@code "SSF"}. */
    static final byte MAGIC_0 = 'S';
    static final byte MAGIC_1 = 'S';
    static final byte MAGIC_2 = 'F';
    /** Flag bit 0: the attribute section is LZ4-compressed. */
    public static final int FLAG_COMPRESSED = 1;
    /** Flag bit 1: the trailer is an HMAC-SHA256 instead of a CRC32C. */
    public static final int FLAG_SIGNED = 2;
    /** Length of the CRC32C trailer of an unsigned frame. */
    public static final int CRC_LENGTH = 4;
    /** Length of the HMAC-SHA256 trailer of a signed frame. */
    public static final int MAC_LENGTH = 32;
    /** End (exclusive) of the mutable time fields, which the check does not cover. */
    static final int MUTABLE_END = OFFSET_LAST_ACCESS + 8;

    private FrameFormat() {
    }

    /**
     * A copy of {@code frame} with its expiry and last-access times replaced: what a store's
     * touch does. The check trailer stays valid because it does not cover these two fields.
     *
     * @param expiresAt  the new expiry (epoch ms, or 0 = never)
     * @param lastAccess the new last access (epoch ms)
     * @throws IllegalArgumentException when {@code frame} is shorter than the fixed header
     */
    public static byte[] withTimes(byte[] frame, long expiresAt, long lastAccess) {
        if (frame.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("not a frame: " + frame.length + " bytes, the header alone is "
                    + HEADER_LENGTH);
        }
        byte[] copy = frame.clone();
        putLong(copy, OFFSET_EXPIRES_AT, expiresAt);
        putLong(copy, OFFSET_LAST_ACCESS, lastAccess);
        return copy;
    }

    /**
     * {@code frame} itself when its header already holds these times (or it is too short to be a
     * frame), else a {@link #withTimes copy} that does: a store that keeps the times apart from the
     * frame (SQL columns a touch updates) hands out a frame that agrees with them.
     */
    public static byte[] agreeingWith(byte[] frame, long expiresAt, long lastAccess) {
        if (frame.length < HEADER_LENGTH || (getLong(frame, OFFSET_EXPIRES_AT) == expiresAt
                && getLong(frame, OFFSET_LAST_ACCESS) == lastAccess)) {
            return frame;
        }
        return withTimes(frame, expiresAt, lastAccess);
    }

    static void putLong(byte[] b, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            b[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    static void putInt(byte[] b, int offset, int value) {
        for (int i = 3; i >= 0; i--) {
            b[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    static long getLong(byte[] b, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (b[offset + i] & 0xFF);
        }
        return value;
    }

    static int getInt(byte[] b, int offset) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (b[offset + i] & 0xFF);
        }
        return value;
    }
}
