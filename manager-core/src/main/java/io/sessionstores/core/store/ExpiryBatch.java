package io.sessionstores.core.store;

/**
 * What one batch of raw expiry ({@link SessionStore#deleteExpired}) did, and where the pass it
 * belongs to stands.
 *
 * @param deleted  records deleted by this batch
 * @param done     whether the pass is complete (nothing expired left that this pass can reach)
 * @param position the store's own position in the pass (for example the last expiry deleted, so
 *                 the next batch starts after it); opaque to callers, who hand it back unchanged
 */
public record ExpiryBatch(long deleted, boolean done, long position) {

    /** Hand this to start a pass. */
    public static final ExpiryBatch FIRST = new ExpiryBatch(0, false, Long.MIN_VALUE);

    /** The answer of a store with nothing to delete (Redis expires its keys itself). */
    public static final ExpiryBatch NOTHING_TO_DO = new ExpiryBatch(0, true, Long.MIN_VALUE);
}
