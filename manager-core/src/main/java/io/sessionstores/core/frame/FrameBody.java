package io.sessionstores.core.frame;

/**
 * Encodings shared by the frame's writer and reader: unsigned LEB128 varints for counts and
 * lengths, and strings as a varint byte length followed by UTF-8 bytes. A nullable string stores
 * its length plus one, so that {@code 0} means {@code null}.
 */
final class FrameBody {

    /** Longest varint of a non-negative {@code int}. */
    static final int MAX_VARINT_LENGTH = 5;

    private FrameBody() {
    }

    /** How many bytes {@link #putVarint} writes for {@code value} ({@code >= 0}). */
    static int varintLength(int value) {
        int length = 1;
        while ((value >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    /** Writes {@code value} ({@code >= 0}) at {@code pos}; returns the position after it. */
    static int putVarint(byte[] b, int pos, int value) {
        while ((value & ~0x7F) != 0) {
            b[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[pos++] = (byte) value;
        return pos;
    }
}
