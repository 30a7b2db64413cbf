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

    private FrameFormat() {
    }
}
