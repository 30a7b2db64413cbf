package io.sessionstores.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL connection on which {@link PostgresChangeStream} listens: {@code LISTEN} on the
 * channel, then the driver's {@code PGConnection.getNotifications(timeout)}, which reads what the
 * server sent without sending anything. The store compiles against no driver (the operator's jar in
 * {@code tomcat/lib}), so the driver's interface is found by name from the connection's class loader
 * and called by reflection.
 */
final class ListenConnection implements AutoCloseable {

    private static final String PG_CONNECTION = "org.postgresql.PGConnection";
    private static final String PG_NOTIFICATION = "org.postgresql.PGNotification";
    /** Bounds the statements of {@link #open} on a server that stopped answering. */
    private static final int NETWORK_TIMEOUT_MILLIS = 5_000;

    private final Connection connection;
    private final Object driverConnection;
    private final Method getNotifications;
    private final Method name;
    private final Method parameter;
    private final String channel;
    private final int backendPid;

    private ListenConnection(Connection connection, Object driverConnection, Method getNotifications, Method name,
                             Method parameter, String channel, int backendPid) {
        this.connection = connection;
        this.driverConnection = driverConnection;
        this.getNotifications = getNotifications;
        this.name = name;
        this.parameter = parameter;
        this.channel = channel;
        this.backendPid = backendPid;
    }

    /**
     * Listens on {@code channel} (a plain identifier) on {@code connection}, which it then owns (a
     * failure closes it).
     */
    static ListenConnection open(Connection connection, String channel) throws SQLException {
        try {
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            Class<?> pg = driverClass(connection, PG_CONNECTION);
            Class<?> notification = Class.forName(PG_NOTIFICATION, false, pg.getClassLoader());
            Object driverConnection = connection.unwrap(pg);
            Method poll = pg.getMethod("getNotifications", int.class);
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true); // LISTEN takes effect when its transaction commits
            }
            int pid;
            try (Statement st = connection.createStatement()) {
                st.setQueryTimeout(NETWORK_TIMEOUT_MILLIS / 1000);
                try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pid = rs.getInt(1);
                }
                st.execute("LISTEN \"" + channel + "\"");
            }
            return new ListenConnection(connection, driverConnection, poll, notification.getMethod("getName"),
                    notification.getMethod("getParameter"), channel, pid);
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            closeQuietly(connection);
            throw e instanceof SQLException sql ? sql
                    : new SQLException("not a PostgreSQL JDBC connection that can LISTEN: " + e, e);
        }
    }

    private static Class<?> driverClass(Connection connection, String name) throws ClassNotFoundException {
        ClassNotFoundException first = null;
        for (ClassLoader loader : new ClassLoader[] {connection.getClass().getClassLoader(),
                ListenConnection.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                first = first == null ? e : first;
            }
        }
        throw first != null ? first : new ClassNotFoundException(name);
    }

    /**
     * The payloads of this channel's notifications received so far, waiting up to
     * {@code timeoutMillis} for the first (in the order PostgreSQL sent them: commit order).
     */
    List<String> poll(int timeoutMillis) throws SQLException {
        Object[] received;
        try {
            received = (Object[]) getNotifications.invoke(driverConnection, timeoutMillis);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof SQLException sql ? sql
                    : new SQLException("getNotifications failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException("getNotifications is not accessible: " + e, e);
        }
        List<String> payloads = new ArrayList<>(received == null ? 0 : received.length);
        if (received != null) {
            for (Object n : received) {
                try {
                    if (channel.equals(name.invoke(n))) {
                        payloads.add((String) parameter.invoke(n));
                    }
                } catch (ReflectiveOperationException e) {
                    throw new SQLException("cannot read a notification: " + e, e);
                }
            }
        }
        return payloads;
    }

    /** The server process of this connection ({@code pg_backend_pid()}), for tests and logs. */
    int backendPid() {
        return backendPid;
    }

    /**
     * Stops listening and closes the connection. A pooled connection goes back to its pool: it must
     * not listen there, or the server would keep every later notification for it (a listener that
     * never reads holds back the whole notification queue).
     */
    @Override
    public void close() {
        try (Statement st = connection.createStatement()) {
            st.setQueryTimeout(1);
            st.execute("UNLISTEN *");
        } catch (SQLException | RuntimeException ignored) {
            // a dead connection listens no more either
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // a dead connection: nothing to close
        }
    }
}
