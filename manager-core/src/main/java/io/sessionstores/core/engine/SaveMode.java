package io.sessionstores.core.engine;

/**
 * How the Manager decides that a session must be written after a request ({@code saveMode}).
 */
public enum SaveMode {
    /**
     * Default. Every attribute is serialized after the request and compared with what was loaded
     * (by a 64-bit digest of its bytes): a value changed in place without {@code setAttribute} is
     * still saved, an untouched session is not rewritten. Values of immutable JDK types that were
     * not replaced are not serialized again.
     */
    DIGEST,
    /**
     * Only {@code setAttribute}/{@code removeAttribute} (and changes to maxInactiveInterval or
     * the principal) mark a session changed. Cheaper; a mutation in place is lost unless the
     * application sets the attribute again. Only the attributes set since the last write are
     * encoded: each copy keeps the others' encoded bytes (memory about the session's encoded size).
     */
    SET_ATTRIBUTE,
    /** Every request that used the session writes it. For debugging and comparisons. */
    ALWAYS
}
