package io.sessionstores.samples;

import io.sessionstores.core.it.HostileStoredDataContract;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link HostileStoredDataContract} on PostgreSQL: the hostile rows are written with a store of
 * the test's own into a table of this test, then requested through Tomcat.
 */
class PostgresHostileStoredDataIT extends HostileStoredDataContract {

    private static final String TABLE = "hostile_stored_data_it";
    private final Map<String, JdbcSessionStore> writers = new ConcurrentHashMap<>();

    @Override
    protected String storeXml(String app) {
        return "<Store className=\"" + JdbcSessionStore.class.getName() + "\" url=\""
                + TestDatabases.postgresUrl().replace("&", "&amp;") + "\" tableName=\"" + TABLE
                + "\" createSchema=\"true\"/>";
    }

    private JdbcSessionStore writer(String app) {
        return writers.computeIfAbsent(app, name -> {
            JdbcSessionStore store = new JdbcSessionStore();
            store.setUrl(TestDatabases.postgresUrl());
            store.setTableName(TABLE);
            store.setCreateSchema(true);
            try {
                store.start(new StoreContext(name, "hostile-writer", getClass().getClassLoader(),
                        System::currentTimeMillis));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test's own store", e);
            }
            return store;
        });
    }

    @Override
    protected void putRaw(String app, String id, byte[] frame, long version) throws Exception {
        long now = System.currentTimeMillis();
        writer(app).write(new SessionRecord(id, frame, version, now + 1_800_000, now, 1800, frame.length), 0);
    }

    @Override
    protected byte[] getRaw(String app, String id) throws Exception {
        SessionRecord record = writer(app).read(id);
        return record == null ? null : record.frame();
    }

    @Override
    protected void cleanUp(List<String> apps) throws Exception {
        writers.values().forEach(JdbcSessionStore::stop);
        try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrl());
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }
}
