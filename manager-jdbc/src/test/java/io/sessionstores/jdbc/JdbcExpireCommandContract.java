package io.sessionstores.jdbc;

import java.util.List;

import io.sessionstores.core.contract.ExpireCommandContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;

/** The {@code expire} command line against a JDBC database (tables of its own, dropped afterwards). */
abstract class JdbcExpireCommandContract extends ExpireCommandContract {

    private static final String TABLE = "ssit_expire_command";

    /** The database under test. */
    protected abstract String jdbcUrl();

    /** A URL of the same database kind on a closed loopback port. */
    protected abstract String unreachableJdbcUrl();

    @Override
    protected SessionStore startStore(String app) throws Exception {
        JdbcSessionStore store = new JdbcSessionStore();
        store.setUrl(jdbcUrl());
        store.setTableName(TABLE);
        store.setCreateSchema(true);
        store.setExpiredBatchSize(0);
        store.start(new StoreContext(app, "seed", getClass().getClassLoader(), System::currentTimeMillis));
        return store;
    }

    @Override
    protected List<String> storeOptions() {
        return List.of("--jdbc-url", jdbcUrl(), "--table", TABLE);
    }

    @Override
    protected List<String> unreachableStoreOptions() {
        return List.of("--jdbc-url", unreachableJdbcUrl(), "--table", TABLE);
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        TestTables.drop(jdbcUrl(), TABLE);
    }
}
