package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstores.core.contract.HostileStoredDataContract;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link HostileStoredDataContract} on a JDBC database: the hostile rows are written with a store of
 * the test's own into a table of this test, then requested through Tomcat. A subclass names the
 * database ({@link #jdbcUrl()}).
 */
abstract class JdbcHostileStoredDataContract extends HostileStoredDataContract {

    private static final String TABLE = "hostile_stored_data_it";
    private final Map<String, JdbcSessionStore> writers = new ConcurrentHashMap<>();

    /** The database under test. */
    protected abstract String jdbcUrl();

    @Override
    protected String storeXml(String app) {
        return "<Store className=\"" + JdbcSessionStore.class.getName() + "\" url=\""
                + jdbcUrl().replace("&", "&amp;") + "\" tableName=\"" + TABLE
                + "\" createSchema=\"true\"/>";
    }

    private JdbcSessionStore writer(String app) {
        return writers.computeIfAbsent(app, name -> {
            JdbcSessionStore store = new JdbcSessionStore();
            store.setUrl(jdbcUrl());
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

    /**
     * A JDBC record keeps its version in a column: an older signed frame of the same session put
     * back into the data column (its MAC is valid) is refused, as its version is not the row's.
     * (The node that holds the session keeps serving its own copy of the row's version.)
     */
    @Test
    void olderSignedFramePutBackUnderANewerRecordIsRefused() throws Exception {
        TomcatNode node = signedNode();
        SessionClient browser = new SessionClient(node.baseUri());
        String id = browser.get("session/create").id();
        browser.get("session/set?name=role&value=admin");
        byte[] older = getRaw(node.appName(), id);
        browser.get("session/set?name=role&value=guest");
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             PreparedStatement update = c.prepareStatement("UPDATE " + TABLE + " SET data = ? WHERE app = ? AND id = ?")) {
            update.setBytes(1, older);
            update.setString(2, node.appName());
            update.setString(3, id);
            assertThat(update.executeUpdate()).as("rows rolled back").isEqualTo(1);
        }
        refusedAsCorrupt(signedPeer(), id, "an older signed frame under a newer record version (read by a node"
                + " that does not hold the session)");
    }

    @Override
    protected void cleanUp(List<String> apps) throws Exception {
        writers.values().forEach(JdbcSessionStore::stop);
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }
}
