package io.sessionstores.jdbc.dialect;

import java.sql.SQLException;

/**
 * MariaDB and MySQL: a plain {@code INSERT} for a new record (an expired leftover is replaced by
 * an update after the duplicate key), {@code DELETE ... LIMIT} for bounded deletes, raw expiry
 * bounded by a read of the expiry index first.
 */
final class MariaDbDialect extends Dialect {

    private static final int ER_DUP_ENTRY = 1062;
    private static final int ER_LOCK_DEADLOCK = 1213;

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    protected boolean matches(String productName) {
        return productName.contains("mariadb") || productName.contains("mysql");
    }

    @Override
    protected boolean matchesUrl(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:");
    }

    @Override
    public boolean expiredBatchReadsBoundFirst() {
        return true;
    }

    @Override
    public boolean isDeadlock(SQLException e) {
        return e.getErrorCode() == ER_LOCK_DEADLOCK || super.isDeadlock(e);
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == ER_DUP_ENTRY;
    }
}
