package io.sessionstores.jdbc;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.ExpirySweep;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/**
 * Raw expiry for the JDBC store: bounded batches of expired rows (for the expiry valve, and the
 * store's own sweep from Tomcat's background thread), and the expiry lease (a row per
 * application in {@code <tableName>_lease}, its deadline kept by the database's clock). Rows go
 * only once expired by the node's clock for {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS}
 * (so the node holding a session expires it with listeners first) and by the database's clock,
 * so a node whose clock runs ahead deletes nothing early.
 */
final class JdbcExpiry {

    private final JdbcAccess jdbc;
    private final String app;
    private final StoreContext context;
    private final ChangeChannel changes;

    JdbcExpiry(JdbcAccess jdbc, StoreContext context, ChangeChannel changes) {
        this.jdbc = jdbc;
        this.app = context.appName();
        this.context = context;
        this.changes = changes;
    }

    /** Time budget of one sweep: the batches of one background run stop once it has passed. */
    static final long SWEEP_BUDGET_MS = 1000;

    /**
     * The store's own sweep: batches of {@code batchSize} expired rows until none is left or
     * {@value #SWEEP_BUDGET_MS} ms have passed.
     */
    ExpirySweep sweep(int batchSize) throws StoreException {
        return ExpirySweep.run(this::deleteExpired, batchSize, SWEEP_BUDGET_MS);
    }

    ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        Map<String, Object> values = appValues();
        values.put("now", context.now() - SessionStore.EXPIRED_RECORD_GRACE_MILLIS);
        values.put("after", previous.position());
        values.put("batchSize", batchSize);
        values.put("channel", changes.name());
        // a batch the database picks as a deadlock victim runs again (Sql)
        return jdbc.call("deleteExpired", sql -> batch(sql, values, batchSize, previous.position()));
    }

    private static ExpiryBatch batch(Sql sql, Map<String, Object> values, int batchSize, long after)
            throws SQLException {
        if (sql.dialect().expiredBatchReadsBoundFirst()) {
            List<ExpiredKey> keys = sql.query("expiredBound", values, row -> new ExpiredKey(row.getLong(1), row.getString(2)));
            if (keys.isEmpty()) {
                return new ExpiryBatch(0, true, after);
            }
            ExpiredKey last = keys.get(keys.size() - 1);
            values.put("upTo", last.expiresAt());
            values.put("upToId", last.id());
            return new ExpiryBatch(sql.update("deleteExpired", values), keys.size() < batchSize, last.expiresAt());
        }
        if (!sql.dialect().expiredBatchReportsPosition()) {
            int deleted = sql.update("deleteExpired", values);
            return new ExpiryBatch(deleted, deleted < batchSize, after);
        }
        // one row per change message (PostgreSQL): its rows deleted and their last expiry; none when none went
        long deleted = 0;
        long last = after;
        for (long[] part : sql.query("deleteExpired", values, row -> new long[] {row.getLong(1), row.getLong(2)})) {
            deleted += part[0];
            last = Math.max(last, part[1]);
        }
        return new ExpiryBatch(deleted, deleted < batchSize, last);
    }

    /**
     * The ids of at most {@code limit} rows that raw expiry may delete (expired by this node's clock
     * for the grace, and by the database's), oldest expiry first: for a store that must do something
     * before each row goes ({@link ExpiredRows}).
     */
    List<String> expiredIds(int limit) throws StoreException {
        Map<String, Object> values = appValues();
        values.put("now", context.now() - SessionStore.EXPIRED_RECORD_GRACE_MILLIS);
        values.put("batchSize", limit);
        return jdbc.call("expiredIds", sql -> sql.query("expiredIds", values, row -> row.getString(1)));
    }

    /**
     * Deletes the rows of {@code ids} that raw expiry may delete (as {@link #expiredIds}, by this
     * node's clock; a row refreshed meanwhile stays), in one transaction: one statement per row,
     * one commit. Returns how many went.
     */
    long deleteIfExpired(List<String> ids) throws StoreException {
        long now = context.now() - SessionStore.EXPIRED_RECORD_GRACE_MILLIS;
        return jdbc.call("deleteIfExpired", sql -> sql.inTransaction(() -> {
            long deleted = 0;
            for (String id : ids) {
                Map<String, Object> values = appValues();
                values.put("id", id);
                values.put("now", now);
                changes.bind(values, "key", id);
                deleted += sql.update("deleteIfExpired", values);
            }
            return deleted;
        }));
    }

    /** An expired row's key in the expiry index's order. */
    private record ExpiredKey(long expiresAt, String id) {
    }

    boolean acquireLease(String owner, long ttlMillis) throws StoreException {
        Map<String, Object> values = appValues();
        values.put("owner", owner);
        values.put("ttl", ttlMillis);
        return jdbc.call("acquireExpiryLease", sql -> {
            try {
                if (sql.update("leaseTake", values) == 1) {
                    return true;
                }
                return sql.update("leaseInsert", values) == 1;
            } catch (SQLException e) {
                if (sql.isDuplicateKey(e) || sql.isDeadlock(e)) {
                    // another node holds it, or took it at the same moment: InnoDB picks one of
                    // two nodes racing for a missing lease row as a deadlock victim
                    return false;
                }
                throw e;
            }
        });
    }

    void releaseLease(String owner) throws StoreException {
        Map<String, Object> values = appValues();
        values.put("owner", owner);
        jdbc.call("releaseExpiryLease", sql -> sql.update("leaseRelease", values));
    }

    String leaseHolder() throws StoreException {
        return jdbc.call("expiryLeaseHolder", sql -> sql.queryFirst("leaseHolder", appValues(), row -> row.getString(1)));
    }

    private Map<String, Object> appValues() {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        return values;
    }
}
