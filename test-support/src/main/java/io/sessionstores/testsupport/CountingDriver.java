package io.sessionstores.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The tests' one SQL statement counter: every statement executed through it is seen, by its SQL
 * text, before the real driver runs it. Two ways in:
 * <ul>
 *   <li>a JDBC driver for {@code jdbc:counting:<real url>} ({@link #url}): how tests measure
 *       statements per request through an unchanged sample {@code context.xml} ({@code driverClassName}
 *       and {@code url} are system properties there), counted by the first words of their SQL
 *       ({@link #snapshot()}, {@link #since}); the pool's validation query ({@code SELECT 1}) is
 *       counted apart;</li>
 *   <li>{@link #wrap(DataSource, Executions)}: a data source handed to a store in a test, each
 *       executed statement's whole SQL text given to the consumer.</li>
 * </ul>
 */
public final class CountingDriver implements Driver {

    private static final String PREFIX = "jdbc:counting:";
    private static final String VALIDATION = "SELECT 1";
    private static final Map<String, LongAdder> EXECUTED = new ConcurrentHashMap<>();

    /** {@code jdbc:counting:} in front of {@code realUrl}. */
    public static String url(String realUrl) {
        return PREFIX + realUrl.substring("jdbc:".length());
    }

    /** Statements executed through {@code jdbc:counting:} URLs so far, by the first words of their SQL (validation queries excluded). */
    public static Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        EXECUTED.forEach((sql, n) -> {
            if (!sql.equals(VALIDATION)) {
                copy.put(sql, n.sum());
            }
        });
        return copy;
    }

    /** Statements executed since {@code before} (a {@link #snapshot()}), by SQL. */
    public static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> delta = new TreeMap<>();
        snapshot().forEach((sql, n) -> {
            long d = n - before.getOrDefault(sql, 0L);
            if (d != 0) {
                delta.put(sql, d);
            }
        });
        return delta;
    }

    /** The total of a delta. */
    public static long total(Map<String, Long> delta) {
        return delta.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * What a wrapped data source reports: the SQL text of each statement execution, just before
     * it runs. An exception thrown here is what the execution throws (a test's injected failure).
     */
    @FunctionalInterface
    public interface Executions {
        void executing(String sql) throws SQLException;
    }

    /** {@code target}, with the SQL text of every statement executed through its connections given to {@code executed}. */
    public static DataSource wrap(DataSource target, Executions executed) {
        return proxy(DataSource.class, target, (real, method, args) -> {
            Object result = invoke(real, method, args);
            return result instanceof Connection c && method.getName().equals("getConnection")
                    ? counted(c, executed) : result;
        });
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return counted(real, sql -> EXECUTED.computeIfAbsent(label(sql), k -> new LongAdder()).increment());
    }

    /** {@code real}, whose prepared and plain statements report each execution's SQL to {@code executed}. */
    private static Connection counted(Connection real, Executions executed) {
        return proxy(Connection.class, real, (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof PreparedStatement ps && method.getName().startsWith("prepare")) {
                String sql = (String) args[0];
                return proxy(PreparedStatement.class, ps, executing(executed, sql));
            }
            if (result instanceof Statement st && method.getName().equals("createStatement")) {
                return proxy(Statement.class, st, executing(executed, null));
            }
            return result;
        });
    }

    /** Reports executions: of the prepared SQL, or (plain statements) of the SQL passed to execute. */
    private static Handler executing(Executions executed, String preparedSql) {
        return (target, method, args) -> {
            if (method.getName().startsWith("execute")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                if (sql != null) {
                    executed.executing(sql);
                }
            }
            return invoke(target, method, args);
        };
    }

    private static String label(String sql) {
        String[] words = sql.trim().split("\\s+");
        return words.length >= 2 && words[0].equalsIgnoreCase("SELECT") && words[1].equals("1")
                ? VALIDATION : String.join(" ", Arrays.copyOf(words, Math.min(3, words.length)));
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
        return type.cast(Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
