package io.sessionstores.core.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectStreamConstants;

/**
 * One thread's Java serialization of attribute values, one after another, into one buffer through
 * one {@link FilteredObjectOutputStream}, instead of a new buffer grown from 256 bytes and a new
 * object stream per value (measured: a tenth of a save's CPU, docs/benchmarks.md). Each value's
 * bytes are exactly what a new {@code ObjectOutputStream} would write for it alone (stream header,
 * then the object with every class descriptor in full), so stored bytes do not change: after a
 * value, {@link java.io.ObjectOutputStream#reset()} forgets every object and class written (its
 * handles, so the stream holds no reference to the value or its classes), the buffer is emptied of
 * the reset marker, and the stream header is laid in again by hand.
 *
 * <p>Not thread-safe: a codec keeps one per thread, and takes it out of the thread's slot while
 * it encodes. An encoder whose encoding failed is dropped (the stream may be half-way through an
 * object), and so is one whose buffer grew past {@link #MAX_KEPT_BYTES}: a rare large attribute
 * does not stay in every thread's memory.
 */
final class ReusableEncoder {

    /** Largest buffer kept for the next value; a larger one is left to the garbage collector. */
    static final int MAX_KEPT_BYTES = 64 * 1024;
    private static final int INITIAL_BUFFER = 1024;
    private static final byte[] STREAM_HEADER = {
        (byte) (ObjectStreamConstants.STREAM_MAGIC >>> 8), (byte) ObjectStreamConstants.STREAM_MAGIC,
        (byte) (ObjectStreamConstants.STREAM_VERSION >>> 8), (byte) ObjectStreamConstants.STREAM_VERSION};

    /** A buffer whose capacity can be read, so that an overgrown one is not kept. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(INITIAL_BUFFER);
        }

        int capacity() {
            return buf.length;
        }
    }

    private final Buffer buffer = new Buffer();
    private final FilteredObjectOutputStream out;

    ReusableEncoder(ClassNameFilter filter) throws IOException {
        this.out = new FilteredObjectOutputStream(buffer, filter); // writes the stream header
    }

    /**
     * The bytes of {@code value} as a stream of its own.
     *
     * @throws java.io.NotSerializableException when a class is not serializable or not allowed
     */
    byte[] encode(Object value) throws IOException {
        out.writeObject(value);
        out.flush();
        if (out.refusal() != null) {
            throw out.refusal();
        }
        byte[] bytes = buffer.toByteArray();
        out.reset(); // forgets the value's objects and classes; writes a reset marker ...
        out.flush();
        buffer.reset(); // ... dropped here, with the value's bytes
        buffer.write(STREAM_HEADER, 0, STREAM_HEADER.length);
        return bytes;
    }

    /** Whether this encoder is worth keeping for the next value. */
    boolean keep() {
        return buffer.capacity() <= MAX_KEPT_BYTES;
    }
}
