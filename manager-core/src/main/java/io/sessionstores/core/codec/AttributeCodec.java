package io.sessionstores.core.codec;

import java.io.IOException;

/**
 * Turns one session attribute value into bytes and back. Implementations are thread-safe and
 * reusable; the Manager keeps one per web application and encodes every attribute on every
 * request (to notice in-place changes), so {@link #encode} must be cheap.
 */
public interface AttributeCodec {

    /** Stored in the frame header's codec byte (0..255); never reused for another encoding. */
    int id();

    /** The value of the Manager's {@code codec} attribute that selects this codec: "java" or "json". */
    String name();

    /**
     * Encodes {@code value}.
     *
     * @throws java.io.NotSerializableException when the value cannot be encoded by this codec
     *         (not serializable, or a class the filter would refuse when reading it back)
     */
    byte[] encode(Object value) throws IOException;

    /**
     * Decodes a value, resolving classes through {@code loader}.
     *
     * @throws ForbiddenClassException for a class the filter does not allow, before any object of
     *         it is instantiated (and before the class is initialized)
     * @throws IOException             for bytes that are not a value of this codec, or that break
     *                                 the depth, reference or size limits
     */
    Object decode(byte[] bytes, ClassLoader loader) throws IOException;
}
