package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import io.sessionstores.core.expiry.ExpireCommandContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;

import io.sessionstores.testsupport.TestServices;

/** The {@code expire} command line against PostgreSQL (tables of its own, dropped afterwards). */
class PostgresExpireCommandIT extends ExpireCommandContract {

    private static final String TABLE = "ssit_expire_command";

    @Override
    protected SessionStore startStore(String app) throws Exception {
        JdbcSessionStore store = new JdbcSessionStore();
        store.setUrl(TestServices.postgresUrl());
        store.setTableName(TABLE);
        store.setCreateSchema(true);
        store.setExpiredBatchSize(0);
        store.start(new StoreContext(app, "seed", getClass().getClassLoader(), System::currentTimeMillis));
        return store;
    }

    @Override
    protected List<String> storeOptions() {
        return List.of("--jdbc-url", TestServices.postgresUrl(), "--table", TABLE);
    }

    @Override
    protected List<String> unreachableStoreOptions() {
        return List.of("--jdbc-url", "jdbc:postgresql://127.0.0.1:7449/test?user=postgres&connectTimeout=2",
                "--table", TABLE);
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("DROP TABLE IF EXISTS " + TABLE + "_lease");
        }
    }
}
