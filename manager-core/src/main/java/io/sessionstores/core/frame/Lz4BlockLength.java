package io.sessionstores.core.frame;

/**
 * Measures how many bytes an LZ4 block would decode to by walking its sequence headers, without
 * producing any output: tells a frame that decodes to more than it declares (a decompression bomb,
 * {@code TOO_LARGE}) from one that is merely garbage ({@code MALFORMED}).
 *
 * <p>LZ4 block format: sequences of a token byte (high nibble literal length, low nibble match
 * length minus 4; a nibble of 15 continues in the following bytes, 255 meaning "more"), the
 * literals, then a 2-byte match offset; the last sequence ends after its literals.
 */
final class Lz4BlockLength {

    /** Returned when the block is malformed before its length could pass the limit. */
    static final long MALFORMED = -1;

    private static final int MIN_MATCH = 4;
    private static final int NIBBLE_MORE = 15;

    private final byte[] src;
    private final int end;
    private final long limit;
    private int pos;

    private Lz4BlockLength(byte[] src, int offset, int length, long limit) {
        this.src = src;
        this.pos = offset;
        this.end = offset + length;
        this.limit = limit;
    }

    /**
     * The decoded length, or a value above {@code limit} as soon as it passes it, or
     * {@link #MALFORMED}.
     */
    static long decodedLength(byte[] src, int offset, int length, long limit) {
        return new Lz4BlockLength(src, offset, length, limit).walk();
    }

    private long walk() {
        long total = 0;
        while (pos < end) {
            int token = src[pos++] & 0xFF;
            long literals = extended(token >>> 4);
            if (literals < 0 || literals > end - pos) {
                return MALFORMED;
            }
            total += literals;
            if (total > limit) {
                return total;
            }
            pos += (int) literals;
            if (pos == end) {
                return total;
            }
            if (end - pos < 2) {
                return MALFORMED;
            }
            pos += 2;
            long match = extended(token & 0x0F);
            if (match < 0) {
                return MALFORMED;
            }
            total += match + MIN_MATCH;
            if (total > limit) {
                return total;
            }
        }
        return MALFORMED;
    }

    /** A nibble plus its continuation bytes; -1 when the input ends inside them. */
    private long extended(int nibble) {
        long value = nibble;
        if (nibble != NIBBLE_MORE) {
            return value;
        }
        int b;
        do {
            if (pos >= end) {
                return -1;
            }
            b = src[pos++] & 0xFF;
            value += b;
        } while (b == 255 && value <= limit);
        return value;
    }
}
