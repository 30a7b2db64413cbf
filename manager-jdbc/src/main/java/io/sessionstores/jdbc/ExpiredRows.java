package io.sessionstores.jdbc;

import java.util.List;

import io.sessionstores.core.store.StoreException;

/**
 * Raw expiry of a started {@link JdbcSessionStore} one row at a time, for a store that must do
 * something before each row goes: the cached-JDBC store evicts the row's cached record first (which
 * announces the session's end on its change stream). A row may go once expired by the node's clock
 * for {@link io.sessionstores.core.store.SessionStore#EXPIRED_RECORD_GRACE_MILLIS} and by the
 * database's, as with {@link JdbcSessionStore#deleteExpired}. Each method is one statement.
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

    /** Deletes {@code id}'s row if it may go (not refreshed since {@link #next}); whether it did. */
    public boolean delete(String id) throws StoreException {
        return store.expiry().deleteIfExpired(id);
    }
}
