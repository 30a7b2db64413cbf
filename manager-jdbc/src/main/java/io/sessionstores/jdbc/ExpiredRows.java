package io.sessionstores.jdbc;

import java.util.List;

import io.sessionstores.core.store.StoreException;

/**
 * Raw expiry of a started {@link JdbcSessionStore} one row at a time, for a store that must do
 * something before each row goes: the cached-JDBC store evicts the row's cached record first (which
 * announces the session's end on its change stream). A row may go once expired by the node's clock
 * for {@link io.sessionstores.core.store.SessionStore#EXPIRED_RECORD_GRACE_MILLIS} and by the
 * database's, as with {@link JdbcSessionStore#deleteExpired}. Each method is one round trip to the
 * database (a transaction of one statement per row for {@link #delete}).
 */
public final class ExpiredRows {

    private final JdbcSessionStore store;

    /** The expired rows of {@code store}'s application (the store must be started). */
    public ExpiredRows(JdbcSessionStore store) {
        this.store = store;
    }

    /** The ids of at most {@code limit} rows that may go now, oldest expiry first. */
    public List<String> next(int limit) throws StoreException {
        return store.expiry().expiredIds(limit);
    }

    /**
     * Deletes the rows of {@code ids} that may go (those not refreshed since {@link #next}), in one
     * transaction; how many went.
     */
    public long delete(List<String> ids) throws StoreException {
        return ids.isEmpty() ? 0 : store.expiry().deleteIfExpired(ids);
    }
}
