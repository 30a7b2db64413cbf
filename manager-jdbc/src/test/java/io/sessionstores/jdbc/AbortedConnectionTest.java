package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/**
 * A statement whose network timeout fires leaves a connection the driver has aborted but that
 * the pool still reports open; putting the pool's network timeout back then fails with
 * "connection closed". That failure must not replace the timeout: a timeout is never retried
 * (it already spent the caller's time), a dead pooled connection is. A fake DataSource plays the
 * aborted connection; the real drivers behind TcpRelay are in {@code JdbcStoreFaultContract}.
 */
class AbortedConnectionTest {

    private final AtomicInteger borrowed = new AtomicInteger();

    @Test
    void timedOutCallOnAnAbortedConnectionIsNotRetried() throws Exception {
        JdbcSessionStore store = new JdbcSessionStore();
        store.setDataSource(dataSource());
        store.setDialect("h2");
        store.start(new StoreContext("/Catalina/localhost/aborted", "aborted", getClass().getClassLoader(),
                System::currentTimeMillis));
        borrowed.set(0);

        assertThatThrownBy(() -> store.read("A1")).isInstanceOf(StoreException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class);
        assertThat(borrowed).as("connections borrowed for one timed-out read").hasValue(1);
    }

    private DataSource dataSource() {
        return proxy(DataSource.class, (method, args) -> switch (method) {
            case "getConnection" -> {
                borrowed.incrementAndGet();
                yield connection();
            }
            default -> null;
        });
    }

    private static Connection connection() {
        AtomicBoolean aborted = new AtomicBoolean();
        return proxy(Connection.class, (method, args) -> switch (method) {
            case "getAutoCommit" -> true;
            case "isClosed" -> false; // the pool's view: it has not noticed yet
            case "getNetworkTimeout", "setNetworkTimeout" -> {
                if (aborted.get()) {
                    throw new SQLException("This connection has been closed.", "08003");
                }
                yield 0;
            }
            case "prepareStatement" -> statement(aborted);
            default -> null;
        });
    }

    private static PreparedStatement statement(AtomicBoolean aborted) {
        return proxy(PreparedStatement.class, (method, args) -> {
            if (method.startsWith("execute")) {
                aborted.set(true);
                throw new SQLException("An I/O error occurred while sending to the backend.", "08006",
                        new SocketTimeoutException("Read timed out"));
            }
            return null;
        });
    }

    /** What a fake answers: the method's name and arguments in, a value (or an exception) out. */
    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(AbortedConnectionTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args)));
    }
}
