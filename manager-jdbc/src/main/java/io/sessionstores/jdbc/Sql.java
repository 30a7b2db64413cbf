package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sessionstores.jdbc.dialect.Dialect;

/**
 * Runs the named statements of one {@link SqlCatalog} on one borrowed connection. Each method is
 * one statement execution (one round trip); statements and result sets are always closed.
 *
 * <p>A statement the database rolled back as a deadlock victim (or a serialization failure) is
 * run again, up to {@value #DEADLOCK_ATTEMPTS} times in all: outside {@link #inTransaction} each
 * statement is its own transaction, so the victim left nothing behind and running it again is
 * the same as it arriving a moment later. InnoDB picks such victims in normal operation: an
 * expiry batch walks the expiry index and then the rows, a write of a live session locks its row
 * and then the expiry index, so the two can each hold what the other waits for. Inside a
 * transaction the whole transaction was rolled back, so the whole of it runs again.
 */
final class Sql {

    /** Executions of one statement (or one transaction) at most when the database picks it as a deadlock victim. */
    static final int DEADLOCK_ATTEMPTS = 5;

    /** Maps the current row of a result set. */
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final Connection connection;
    private final SqlCatalog catalog;
    private final int queryTimeout;
    private boolean inTransaction;

    Sql(Connection connection, SqlCatalog catalog, int queryTimeout) {
        this.connection = connection;
        this.catalog = catalog;
        this.queryTimeout = queryTimeout;
    }

    /**
     * Executes an INSERT/UPDATE/DELETE statement; returns the affected row count. A statement that
     * announces its change (PostgreSQL: {@code WITH w AS (UPDATE ... RETURNING ...) SELECT
     * pg_notify(...) FROM w}) is a query answering one row per changed row: its rows are counted.
     */
    int update(String statement, Map<String, Object> values) throws SQLException {
        return again(() -> {
            try (PreparedStatement ps = catalog.statement(statement).prepare(connection, values, queryTimeout)) {
                if (!ps.execute()) {
                    return ps.getUpdateCount();
                }
                try (ResultSet rs = ps.getResultSet()) {
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                    }
                    return rows;
                }
            }
        });
    }

    /** Executes a query; maps its first row, or returns {@code null} when it has none. */
    <T> T queryFirst(String statement, Map<String, Object> values, RowMapper<T> mapper) throws SQLException {
        return again(() -> {
            try (PreparedStatement ps = catalog.statement(statement).prepare(connection, values, queryTimeout);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? mapper.map(rs) : null;
            }
        });
    }

    /** The statements of one {@link #inTransaction} call. */
    interface Steps<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} as one transaction (the store's statements are otherwise each their own):
     * committed when it returns, rolled back when it throws; autocommit is back on afterwards.
     */
    <T> T inTransaction(Steps<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(e)) {
                    throw e;
                }
            }
        }
    }

    private <T> T once(Steps<T> work) throws SQLException {
        connection.setAutoCommit(false);
        inTransaction = true;
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            inTransaction = false;
            connection.setAutoCommit(true);
        }
    }

    /** Runs one statement, again when it was a deadlock victim on its own (see the class comment). */
    private <T> T again(Steps<T> statement) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return statement.run();
            } catch (SQLException e) {
                if (inTransaction || attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(e)) {
                    throw e;
                }
            }
        }
    }

    /** The dialect of this connection's database. */
    Dialect dialect() {
        return catalog.dialect();
    }

    /** Whether {@code e} reports a deadlock or serialization failure (the statement can be retried). */
    boolean isDeadlock(SQLException e) {
        return catalog.dialect().isDeadlock(e);
    }

    /** Executes a query; maps every row. */
    <T> List<T> query(String statement, Map<String, Object> values, RowMapper<T> mapper) throws SQLException {
        return again(() -> {
            try (PreparedStatement ps = catalog.statement(statement).prepare(connection, values, queryTimeout);
                 ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        });
    }

    /** Whether {@code e} reports a duplicate primary key in this database. */
    boolean isDuplicateKey(SQLException e) {
        return catalog.dialect().isDuplicateKey(e);
    }
}
