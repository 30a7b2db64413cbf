package io.sessionstores.redis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sessionstores.core.contract.HostileStoredDataContract;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.testsupport.TestServices;

/**
 * {@link HostileStoredDataContract} on the cached-JDBC store: the hostile rows are written into its
 * PostgreSQL table with a JDBC store of the test's own (the source of truth; nothing is cached
 * for a session no node has read yet), then requested through Tomcat, which reads them through
 * the cache and fills it.
 */
class CachedJdbcHostileStoredDataIT extends HostileStoredDataContract {

    private static final String TABLE = "ssit_cached_hostile";
    private final String prefix = StoreFixture.uniquePrefix();
    private final Map<String, JdbcSessionStore> writers = new ConcurrentHashMap<>();

    @Override
    protected String storeXml(String app) {
        return CachedJdbcFixture.storeElement(TABLE, prefix + app.substring(app.lastIndexOf('/') + 1) + ":");
    }

    private JdbcSessionStore writer(String app) {
        return writers.computeIfAbsent(app, name -> {
            JdbcSessionStore store = new JdbcSessionStore();
            store.setUrl(TestServices.postgresUrl());
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
        for (String app : apps) {
            RedisSessionStore keys = new RedisSessionStore();
            keys.setAddress(StoreFixture.SHARED_REDIS);
            keys.setKeyPrefix(prefix + app.substring(app.lastIndexOf('/') + 1) + ":");
            new StoreFixture().start(keys, app);
            try {
                StoreFixture.deleteKeys(keys);
            } finally {
                keys.stop();
            }
        }
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("DROP TABLE IF EXISTS " + TABLE + "_evictions");
        }
    }
}
