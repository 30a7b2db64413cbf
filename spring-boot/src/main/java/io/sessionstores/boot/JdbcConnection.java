package io.sessionstores.boot;

import java.util.function.Supplier;

import javax.sql.DataSource;

import io.sessionstores.jdbc.JdbcSessionStore;

/** The JDBC store takes the application's DataSource bean unless its properties name another. */
final class JdbcConnection {

    private JdbcConnection() {
    }

    /**
     * Gives {@code store} the application's DataSource (no JNDI, no pool of its own) when neither
     * {@code data-source-name} nor {@code url} is set and the application has exactly one.
     */
    static void connect(JdbcSessionStore store, Supplier<DataSource> applicationDataSource) {
        if (store.getDataSourceName() != null || store.getUrl() != null) {
            return;
        }
        DataSource dataSource = applicationDataSource.get();
        if (dataSource != null) {
            store.setDataSource(dataSource);
        }
    }
}
