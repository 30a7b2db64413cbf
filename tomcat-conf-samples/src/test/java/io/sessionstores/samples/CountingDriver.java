package io.sessionstores.samples;

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
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:counting:<real url>} that counts every statement executed, by its
 * SQL text, then hands the work to the real driver: how tests measure statements per request
 * through an unchanged sample context.xml ({@code driverClassName} and {@code url} are system
 * properties there). The pool's validation query ({@code SELECT 1}) is counted apart.
 */
public final class CountingDriver implements Driver {

    private static final String PREFIX = "jdbc:counting:";
    private static final Map<String, LongAdder> EXECUTED = new ConcurrentHashMap<>();

    /** {@code jdbc:counting:} in front of {@code realUrl}. */
    static String url(String realUrl) {
        return PREFIX + realUrl.substring("jdbc:".length());
    }

    /** Statements executed so far, by the first words of their SQL (validation queries excluded). */
    static Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        EXECUTED.forEach((sql, n) -> {
            if (!sql.equals("SELECT 1")) {
                copy.put(sql, n.sum());
            }
        });
        return copy;
    }

    /** Statements executed since {@code before} (a {@link #snapshot()}), by SQL. */
    static Map<String, Long> since(Map<String, Long> before) {
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
    static long total(Map<String, Long> delta) {
        return delta.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return proxy(Connection.class, real, (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement")) {
                return proxy(PreparedStatement.class, ps, counting(label((String) args[0]), false));
            }
            if (result instanceof Statement st && method.getName().equals("createStatement")) {
                return proxy(Statement.class, st, counting(null, true));
            }
            return result;
        });
    }

    /** Counts executions: of the prepared SQL, or (plain statements) of the SQL passed to execute. */
    private static Handler counting(String preparedLabel, boolean plain) {
        return (target, method, args) -> {
            if (method.getName().startsWith("execute")) {
                String label = plain && args != null && args.length > 0 ? label((String) args[0]) : preparedLabel;
                EXECUTED.computeIfAbsent(label, k -> new LongAdder()).increment();
            }
            return invoke(target, method, args);
        };
    }

    private static String label(String sql) {
        String[] words = sql.trim().split("\\s+");
        return words.length >= 2 && words[0].equalsIgnoreCase("SELECT") && words[1].equals("1")
                ? "SELECT 1" : String.join(" ", java.util.Arrays.copyOf(words, Math.min(3, words.length)));
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
