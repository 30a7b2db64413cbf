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
 */
final class Sql {

    /** Maps the current row of a result set. */
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final Connection connection;
    private final SqlCatalog catalog;
    private final int queryTimeout;

    Sql(Connection connection, SqlCatalog catalog, int queryTimeout) {
        this.connection = connection;
        this.catalog = catalog;
        this.queryTimeout = queryTimeout;
    }

    /** Executes an INSERT/UPDATE/DELETE statement; returns the affected row count. */
    int update(String statement, Map<String, Object> values) throws SQLException {
        try (PreparedStatement ps = catalog.statement(statement).prepare(connection, values, queryTimeout)) {
            return ps.executeUpdate();
        }
    }

    /** Executes a query; maps its first row, or returns {@code null} when it has none. */
    <T> T queryFirst(String statement, Map<String, Object> values, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = catalog.statement(statement).prepare(connection, values, queryTimeout);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? mapper.map(rs) : null;
        }
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
        connection.setAutoCommit(false);
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
            connection.setAutoCommit(true);
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
        try (PreparedStatement ps = catalog.statement(statement).prepare(connection, values, queryTimeout);
             ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    /** Whether {@code e} reports a duplicate primary key in this database. */
    boolean isDuplicateKey(SQLException e) {
        return catalog.dialect().isDuplicateKey(e);
    }
}
