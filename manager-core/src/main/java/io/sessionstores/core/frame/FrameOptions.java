package io.sessionstores.core.frame;

import java.util.Arrays;

/**
 * How frames are written and what a reader accepts.
 *
 * @param compressMinLength the attribute section is LZ4-compressed when it has at least this many
 *                          bytes (and only when the result is smaller); {@code >= 0}
 * @param maxDecodedSize    the largest attribute section a reader decodes, in bytes; a frame that
 *                          declares or holds more is refused before anything is allocated; {@code > 0}
 * @param hmacKey           the HMAC-SHA256 key, or {@code null} for an unsigned frame with a CRC32C
 *                          check; a reader with a key refuses unsigned frames and vice versa
 */
public record FrameOptions(int compressMinLength, int maxDecodedSize, byte[] hmacKey) {

    /** Default {@link #compressMinLength()}: 400 bytes. */
    public static final int DEFAULT_COMPRESS_MIN_LENGTH = 400;
    /** Default {@link #maxDecodedSize()}: 16 MiB. */
    public static final int DEFAULT_MAX_DECODED_SIZE = 16 * 1024 * 1024;

    /**
     * @throws IllegalArgumentException for a negative {@code compressMinLength}, a
     *         {@code maxDecodedSize <= 0} or an empty key
     */
    public FrameOptions {
        if (compressMinLength < 0) {
            throw new IllegalArgumentException("compressMinLength must be >= 0, was " + compressMinLength);
        }
        if (maxDecodedSize <= 0) {
            throw new IllegalArgumentException("maxDecodedSize must be > 0, was " + maxDecodedSize);
        }
        if (hmacKey != null) {
            if (hmacKey.length == 0) {
                throw new IllegalArgumentException("hmacKey must not be empty (null means unsigned)");
            }
            hmacKey = hmacKey.clone();
        }
    }

    /** 400 bytes, 16 MiB, no HMAC. */
    public static FrameOptions defaults() {
        return new FrameOptions(DEFAULT_COMPRESS_MIN_LENGTH, DEFAULT_MAX_DECODED_SIZE, null);
    }

    /** The key (a copy), or {@code null}. */
    @Override
    public byte[] hmacKey() {
        return hmacKey == null ? null : hmacKey.clone();
    }

    /** Whether frames are signed with an HMAC. */
    public boolean signed() {
        return hmacKey != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameOptions other && compressMinLength == other.compressMinLength
                && maxDecodedSize == other.maxDecodedSize && Arrays.equals(hmacKey, other.hmacKey);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * compressMinLength + maxDecodedSize) + Arrays.hashCode(hmacKey);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "FrameOptions[compressMinLength=" + compressMinLength + ", maxDecodedSize=" + maxDecodedSize
                + ", hmac=" + (hmacKey == null ? "off" : "on") + "]";
    }
}
