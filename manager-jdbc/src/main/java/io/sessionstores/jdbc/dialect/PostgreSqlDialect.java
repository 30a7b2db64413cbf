package io.sessionstores.jdbc.dialect;

import java.util.Map;

/**
 * PostgreSQL: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} for a new record, bounded
 * deletes by {@code ctid} with {@code FOR UPDATE SKIP LOCKED}, whole-table scans by ranges of
 * {@code ctid} (TID range scans, PostgreSQL 14 and later), every change of a session announced by
 * {@code pg_notify} in the statement that makes it (the change stream).
 */
final class PostgreSqlDialect extends Dialect {

    @Override
    public String name() {
        return "postgresql";
    }

    /**
     * The driver cancels a timed-out statement over a second connection and waits for that
     * cancel up to {@code cancelSignalTimeout} (10 s by default) before the call returns; on a
     * silent network that wait would dominate. One second is plenty for a reachable server.
     */
    @Override
    public Map<String, String> driverProperties(int queryTimeoutSeconds) {
        return Map.of("cancelSignalTimeout", "1");
    }

    /** {@code deleteExpired} returns (count, last expiry deleted): the next batch starts there. */
    @Override
    public boolean expiredBatchReportsPosition() {
        return true;
    }

    /** Every statement that changes a session runs {@code pg_notify} on the store's channel. */
    @Override
    public boolean announcesChanges() {
        return true;
    }

    /** TID range scans; a server older than 14 is told apart by {@code scanPagesPlan}. */
    @Override
    public boolean scansByPages() {
        return true;
    }

    @Override
    protected boolean matches(String productName) {
        return productName.contains("postgresql");
    }
}
