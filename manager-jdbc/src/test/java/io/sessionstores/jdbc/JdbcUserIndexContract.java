package io.sessionstores.jdbc;

import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import io.sessionstores.core.contract.UserIndexContract;
import io.sessionstores.core.store.SessionStore;

/** The user index of the JDBC store (its {@code principal} column), in a table of the subclass's own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcUserIndexContract extends UserIndexContract {

    /** The database under test. */
    protected abstract String jdbcUrl();

    private String table() {
        return "ssit_users_" + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    @BeforeAll
    @AfterAll
    void dropTable() throws Exception {
        TestTables.drop(jdbcUrl(), table());
    }

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) throws Exception {
        return TestTables.started(jdbcUrl(), table(), 4, appName, getClass(), clock);
    }
}
