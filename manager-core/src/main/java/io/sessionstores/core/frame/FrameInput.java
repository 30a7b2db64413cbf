package io.sessionstores.core.frame;

import static io.sessionstores.core.frame.CorruptFrameException.Reason.MALFORMED;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.TRUNCATED;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over a frame's body that checks every length against the bytes left before using it:
 * a lying length is a {@link CorruptFrameException}, never an allocation. Not thread-safe (one per
 * read).
 */
final class FrameInput {

    private final byte[] bytes;
    private final int end;
    private int pos;

    /** Reads {@code bytes[from, end)}. */
    FrameInput(byte[] bytes, int from, int end) {
        this.bytes = bytes;
        this.pos = from;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    int readByte() throws CorruptFrameException {
        need(1, "a byte");
        return bytes[pos++] & 0xFF;
    }

    boolean readBoolean() throws CorruptFrameException {
        int b = readByte();
        if (b > 1) {
            throw new CorruptFrameException(MALFORMED, "boolean byte " + b + " at " + (pos - 1));
        }
        return b == 1;
    }

    /** A non-negative {@code int} as an unsigned LEB128 varint of at most 5 bytes. */
    int readVarint() throws CorruptFrameException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 28 && (b & 0xF8) != 0) {
                    break;
                }
                return value;
            }
        }
        throw new CorruptFrameException(MALFORMED, "varint out of range before " + pos);
    }

    /** A length that must fit in the remaining bytes. */
    int readLength(String what) throws CorruptFrameException {
        int length = readVarint();
        need(length, what);
        return length;
    }

    String readString(String what) throws CorruptFrameException {
        return utf8(readLength(what));
    }

    /** A string stored with its length plus one, 0 meaning {@code null}. */
    String readNullableString(String what) throws CorruptFrameException {
        int lengthPlusOne = readVarint();
        if (lengthPlusOne == 0) {
            return null;
        }
        int length = lengthPlusOne - 1;
        need(length, what);
        return utf8(length);
    }

    /** Decodes UTF-8; the check has already vouched for the bytes, so no strict decoder is needed. */
    private String utf8(int length) {
        String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /** A count of items that each take at least {@code minItemBytes}: bounded by the bytes left. */
    int readCount(int minItemBytes, String what) throws CorruptFrameException {
        int count = readVarint();
        if ((long) count * minItemBytes > remaining()) {
            throw new CorruptFrameException(TRUNCATED, what + " count " + count + " exceeds the "
                    + remaining() + " bytes left");
        }
        return count;
    }

    private void need(int length, String what) throws CorruptFrameException {
        if (length > end - pos) {
            throw new CorruptFrameException(TRUNCATED, what + " needs " + length + " bytes at " + pos
                    + ", " + (end - pos) + " left");
        }
    }
}
