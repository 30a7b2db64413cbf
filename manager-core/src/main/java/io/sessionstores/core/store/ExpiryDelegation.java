package io.sessionstores.core.store;

/**
 * A store made of other stores (a cache in front of a database, a store migrating from another)
 * whose raw expiry is one part's: the expiry valve's batches and lease go to
 * {@link #expiryStore()}, while each other part keeps its own housekeeping.
 */
public interface ExpiryDelegation extends SessionStore {

    /** The part whose expired records the expiry valve deletes. */
    SessionStore expiryStore();

    @Override
    default ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        return expiryStore().deleteExpired(previous, batchSize);
    }

    @Override
    default boolean acquireExpiryLease(String owner, long ttlMillis) throws StoreException {
        return expiryStore().acquireExpiryLease(owner, ttlMillis);
    }

    @Override
    default void releaseExpiryLease(String owner) throws StoreException {
        expiryStore().releaseExpiryLease(owner);
    }

    @Override
    default String expiryLeaseHolder() throws StoreException {
        return expiryStore().expiryLeaseHolder();
    }

    @Override
    default void setExpiryByValve(boolean byValve) {
        expiryStore().setExpiryByValve(byValve);
    }
}
