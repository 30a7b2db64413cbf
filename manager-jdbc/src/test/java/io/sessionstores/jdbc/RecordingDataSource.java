package io.sessionstores.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

/** A DataSource that records the SQL text of every statement prepared or executed through it (tests). */
final class RecordingDataSource {

    private RecordingDataSource() {
    }

    static DataSource wrap(DataSource target, List<String> sql) {
        return proxy(DataSource.class, target, sql);
    }

    private static <T> T proxy(Class<T> type, Object target, List<String> sql) {
        InvocationHandler handler = (self, method, args) -> invoke(target, method, args, sql);
        return type.cast(Proxy.newProxyInstance(RecordingDataSource.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    private static Object invoke(Object target, Method method, Object[] args, List<String> sql) throws Throwable {
        if (args != null && args.length > 0 && args[0] instanceof String text
                && (method.getName().startsWith("prepare") || method.getName().startsWith("execute"))) {
            sql.add(text);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Connection connection) {
            return proxy(Connection.class, connection, sql);
        }
        if (result instanceof Statement statement && method.getName().equals("createStatement")) {
            return proxy(Statement.class, statement, sql);
        }
        return result;
    }
}
