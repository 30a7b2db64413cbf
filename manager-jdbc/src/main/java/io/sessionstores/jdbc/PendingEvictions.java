package io.sessionstores.jdbc;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sessionstores.core.store.StoreException;

/**
 * The rows of {@code <tableName>_evictions} for one started {@link JdbcSessionStore}: ids of its
 * application whose cached records (the cached-JDBC store's Redis) must go, because the database no
 * longer holds a session under that id and Redis could not be told. The rows outlive the node
 * that wrote them; any node clears them once Redis has been told. Created with the schema
 * ({@code createSchema}); DDL in docs/jdbc.md. Each method is one statement.
 */
public final class PendingEvictions {

    private final JdbcSessionStore store;

    /** Pending evictions of {@code store}'s application, in its database (the store must be started). */
    public PendingEvictions(JdbcSessionStore store) {
        this.store = store;
    }

    /** Records that {@code id}'s cached record must go; an id already pending stays as it is. */
    public void add(String id) throws StoreException {
        Map<String, Object> values = key(id);
        store.access().call("pendingEvictionAdd", sql -> {
            try {
                return sql.update("pendingEvictionAdd", values);
            } catch (SQLException e) {
                if (sql.isDuplicateKey(e)) {
                    return 0;
                }
                throw e;
            }
        });
    }

    /** At most {@code limit} pending ids of the application, in id order. */
    public List<String> list(int limit) throws StoreException {
        Map<String, Object> values = key(null);
        values.remove("id");
        values.put("limit", limit);
        return store.access().call("pendingEvictionList", sql -> sql.query("pendingEvictionList", values,
                row -> row.getString(1)));
    }

    /** Forgets {@code id} once its cached record is gone. */
    public void clear(String id) throws StoreException {
        Map<String, Object> values = key(id);
        store.access().call("pendingEvictionClear", sql -> sql.update("pendingEvictionClear", values));
    }

    private Map<String, Object> key(String id) {
        Map<String, Object> values = new HashMap<>();
        values.put("app", store.appName());
        values.put("id", id);
        return values;
    }
}
