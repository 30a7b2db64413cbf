package io.sessionstores.jdbc;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import io.sessionstores.core.store.StoreException;
import io.sessionstores.jdbc.dialect.Dialect;
import org.apache.juli.logging.Log;

/**
 * The one place that borrows connections: every store call goes through {@link #call}, which
 * borrows a connection, bounds the time the driver may block on the network, runs the work,
 * returns the connection, and turns SQL errors into {@link StoreException}s without ids in
 * their messages. A call that fails because a pooled connection turned out dead is retried once
 * on a fresh connection; a database that cannot be reached, or a call that timed out, is not
 * retried (the pool's wait and the timeouts already spent the caller's time budget).
 *
 * <p>The dialect (when not configured) and the schema (when {@code createSchema}) are settled on
 * the first connection that works, so a store starts while its database is down.
 */
final class JdbcAccess {

    /** Work done with the statements of one connection. */
    interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    private static final Executor DIRECT = Runnable::run;
    private static final int NETWORK_MARGIN_MS = 1000;

    private final DataSource dataSource;
    private final JdbcStoreSettings settings;
    private final String logName;
    private final Log log;
    private volatile SqlCatalog catalog;

    JdbcAccess(DataSource dataSource, JdbcStoreSettings settings, String logName, Log log) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.logName = logName;
        this.log = log;
    }

    /** Runs {@code work} on a borrowed connection; {@code operation} names it in errors. */
    <T> T call(String operation, Work<T> work) throws StoreException {
        for (int attempt = 1; ; attempt++) {
            Connection connection = borrow(operation);
            try {
                return runBounded(connection, work);
            } catch (SQLException e) {
                if (attempt == 1 && isConnectionFailure(e) && !isTimeout(e)) {
                    log.debug(logName + ": " + operation + " lost its connection (SQLState " + e.getSQLState()
                            + "), retrying once on a fresh one");
                    continue;
                }
                throw failure(operation, e);
            } finally {
                closeQuietly(connection);
            }
        }
    }

    /** Settles dialect and schema now if the database answers; if not, the first call will. */
    void warmUp() {
        try {
            call("start", sql -> null); // settles dialect and schema; no COUNT(*) of a big table
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException cause && !isConnectionFailure(cause)
                    && !(cause instanceof SQLTimeoutException)) {
                // reached, but refused: a missing table, a permission, a wrong dialect
                log.error(logName + ": the database answered but the session table is not usable (SQLState "
                        + cause.getSQLState() + "); every session request will fail until it is: " + e.getMessage()
                        + ". Create it with the DDL in the README (or set createSchema=\"true\") and grant"
                        + " SELECT, INSERT, UPDATE, DELETE on it to this user");
            } else {
                log.warn(logName + ": database not reachable at start, the store will connect on first use: "
                        + e.getMessage());
            }
        }
    }

    /** The dialect in use, once a connection has settled it; {@code null} before. */
    Dialect dialect() {
        SqlCatalog c = catalog;
        return c == null ? null : c.dialect();
    }

    private Connection borrow(String operation) throws StoreException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw failure(operation + " (getting a connection)", e);
        }
    }

    private <T> T runBounded(Connection connection, Work<T> work) throws SQLException {
        requireAutoCommit(connection);
        int previous = networkTimeout(connection, settings.queryTimeout() * 1000 + NETWORK_MARGIN_MS);
        try {
            return work.run(new Sql(connection, catalog(connection), settings.queryTimeout()));
        } finally {
            restoreNetworkTimeout(connection, previous);
        }
    }

    /**
     * Every statement of the store is its own transaction. A pool configured with
     * {@code defaultAutoCommit=false} would otherwise never commit: writes vanish when the pool
     * rolls back on return, or hold their row locks until it does.
     */
    private static void requireAutoCommit(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Puts the pool's network timeout back. On a connection the driver aborted (the network
     * timeout fired) this fails with "connection closed": that failure must not replace the
     * timeout, which would then look like a dead pooled connection and be retried. The pool
     * discards the aborted connection anyway.
     */
    private static void restoreNetworkTimeout(Connection connection, int previous) {
        if (previous < 0) {
            return;
        }
        try {
            if (!connection.isClosed()) {
                networkTimeout(connection, previous);
            }
        } catch (SQLException e) {
            // aborted connection: see above
        }
    }

    /** Sets the driver's socket timeout; returns the previous one, or -1 if the driver has none. */
    private static int networkTimeout(Connection connection, int millis) throws SQLException {
        try {
            int previous = connection.getNetworkTimeout();
            connection.setNetworkTimeout(DIRECT, millis);
            return previous;
        } catch (SQLFeatureNotSupportedException | AbstractMethodError | UnsupportedOperationException e) {
            return -1;
        }
    }

    private SqlCatalog catalog(Connection connection) throws SQLException {
        SqlCatalog c = catalog;
        return c != null ? c : settle(connection);
    }

    private synchronized SqlCatalog settle(Connection connection) throws SQLException {
        if (catalog != null) {
            return catalog;
        }
        Dialect dialect = settings.dialect() != null ? Dialect.of(settings.dialect()) : detect(connection);
        SqlCatalog c = SqlCatalog.load(dialect, settings.tableName());
        if (settings.createSchema()) {
            createSchema(connection, c);
        }
        requireUserIndexColumn(connection, c);
        log.info(logName + ": JDBC session store ready on " + dialect + " (table " + settings.tableName() + ")");
        catalog = c;
        return c;
    }

    private static Dialect detect(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return Dialect.detect(product).orElseThrow(() -> new SQLException("database '" + product
                + "' is none of h2, postgresql, mariadb, mysql; set the dialect attribute if it speaks one of them"));
    }

    /**
     * Creates the table and its indexes if missing. When the table is already there and usable,
     * a refused DDL statement (an application user without DDL rights: PostgreSQL checks index
     * ownership even for {@code IF NOT EXISTS}) is a warning, not a dead store.
     */
    private void createSchema(Connection connection, SqlCatalog c) throws SQLException {
        boolean tableWorks = tableWorks(connection, c);
        try (Statement st = connection.createStatement()) {
            st.setQueryTimeout(settings.queryTimeout());
            for (String ddl : c.schema()) {
                st.execute(ddl);
            }
        } catch (SQLException e) {
            if (!tableWorks || isConnectionFailure(e)) {
                throw e;
            }
            log.warn(logName + ": createSchema: table " + settings.tableName() + " exists and is usable, but its DDL"
                    + " was refused (SQLState " + e.getSQLState() + ": " + e.getMessage() + "); using it as it is."
                    + " Create or update the schema as its owner, and set createSchema=\"false\"");
            return;
        }
        log.info(logName + ": created table " + settings.tableName() + " and its indexes if they were missing");
    }

    /**
     * Fails the store's start with the fix when the table predates the user index (no
     * {@code principal} column): every write would fail otherwise. A missing table is left to the
     * first statement, which names it.
     */
    private void requireUserIndexColumn(Connection connection, SqlCatalog c) throws SQLException {
        if (!tableWorks(connection, c)) {
            return;
        }
        try {
            new Sql(connection, c, settings.queryTimeout()).queryFirst("probePrincipal", new HashMap<>(), row -> null);
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            throw new SQLException("table " + settings.tableName() + " has no principal column (the user index,"
                    + " added in this version): run, as the table's owner, the ALTER TABLE and CREATE INDEX lines of"
                    + " the schema in docs/jdbc.md, or set createSchema=\"true\" (the database said: "
                    + e.getMessage() + ")", e.getSQLState(), e);
        }
    }

    /** Whether the store's table exists and this user may read it (one statement, no rows). */
    private boolean tableWorks(Connection connection, SqlCatalog c) {
        try {
            new Sql(connection, c, settings.queryTimeout()).queryFirst("probe", new HashMap<>(), row -> null);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether {@code e} says the database could not be reached (not that it refused the statement). */
    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"));
    }

    /** A timeout already used the caller's time budget: never retried. */
    private static boolean isTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A StoreException for {@code e}. Integrity errors (class 23) can echo key values, so neither
     * their message nor the exception travels on: the id must never reach a log in clear.
     */
    private StoreException failure(String operation, SQLException e) {
        String state = e.getSQLState();
        String where = logName + ": JDBC " + operation + " on " + settings.tableName() + " failed: ";
        if (e instanceof SQLTimeoutException) {
            return new StoreException(where + "timed out (queryTimeout " + settings.queryTimeout() + "s)", e);
        }
        if (state != null && state.startsWith("23")) {
            return new StoreException(where + "integrity error, SQLState " + state + ", code " + e.getErrorCode());
        }
        return new StoreException(where + e.getClass().getSimpleName() + " (SQLState " + state + "): "
                + e.getMessage(), e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool discards a connection that fails to close; nothing else to do
        }
    }
}
