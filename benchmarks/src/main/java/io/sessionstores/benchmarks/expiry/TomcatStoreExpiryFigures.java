package io.sessionstores.benchmarks.expiry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.apache.catalina.Context;
import org.apache.catalina.session.DataSourceStore;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.session.StandardSession;
import org.apache.catalina.startup.Tomcat;

import com.zaxxer.hikari.HikariDataSource;

/**
 * For comparison: Tomcat's own {@code PersistentManager} + {@code DataSourceStore} expiring
 * {@code rows} expired sessions in PostgreSQL ({@code StoreBase.processExpires}: select the
 * expired ids, then load, deserialize, expire and delete each). An embedded Tomcat with one
 * context; the store's connections come from a small HikariCP pool instead of JNDI.
 */
public final class TomcatStoreExpiryFigures {

    private static final String TABLE = "ssbench_tomcat_sessions";

    private TomcatStoreExpiryFigures() {
    }

    /** Fills Tomcat's table, runs one {@code processExpires}, checks what is left. */
    public static ExpiryFigures postgres(int rows) throws Exception {
        Path base = Files.createTempDirectory("ssbench-tomcat");
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(JdbcExpiryFigures.postgresUrl());
            pool.setMaximumPoolSize(2);
            createTable(pool);
            PooledStore store = new PooledStore(pool);
            PersistentManager manager = new PersistentManager();
            manager.setStore(store);
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            Context context = tomcat.addContext("/expiry-bench", base.toString());
            context.setManager(manager);
            tomcat.start();
            try {
                fill(pool, manager, store.getName(), rows);
                long started = System.nanoTime();
                manager.processExpires();
                long millis = (System.nanoTime() - started) / 1_000_000;
                long left = count(pool);
                return new ExpiryFigures("Tomcat PersistentManager + DataSourceStore, processExpires (PostgreSQL)",
                        rows - left, millis, Double.NaN, 1 + 3L * (rows - left),
                        (left == 0 ? "ok: " : "WRONG: ") + left + " rows left");
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }

    /** DataSourceStore with its connections from a pool rather than JNDI. */
    private static final class PooledStore extends DataSourceStore {
        private final HikariDataSource pool;

        PooledStore(HikariDataSource pool) {
            this.pool = pool;
            this.dataSource = pool; // set, so that release() closes (returns) each connection
            setSessionTable(TABLE);
        }

        @Override
        protected Connection open() throws SQLException {
            return pool.getConnection();
        }
    }

    private static void createTable(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (id VARCHAR(100) NOT NULL PRIMARY KEY, valid CHAR(1) NOT NULL,"
                    + " maxinactive INT NOT NULL, lastaccess BIGINT NOT NULL, app VARCHAR(255), data BYTEA)");
            st.execute("CREATE INDEX " + TABLE + "_app ON " + TABLE + " (app)");
        }
    }

    /** Sessions last used two hours ago with a 30-minute timeout, serialized as Tomcat does. */
    private static void fill(HikariDataSource pool, PersistentManager manager, String app, int rows)
            throws SQLException, IOException {
        long lastAccess = System.currentTimeMillis() - 7_200_000;
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                     + " (id, valid, maxinactive, lastaccess, app, data) VALUES (?, '1', 1800, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                String id = String.format("%032X", i);
                ps.setString(1, id);
                ps.setLong(2, lastAccess);
                ps.setString(3, app);
                ps.setBytes(4, serialized(manager, id, lastAccess));
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static byte[] serialized(PersistentManager manager, String id, long lastAccess) throws IOException {
        StandardSession session = new StandardSession(manager);
        session.setValid(true);
        session.setCreationTime(lastAccess);
        session.setMaxInactiveInterval(1800);
        session.setId(id, false);
        session.setAttribute("user", "user-" + id, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            session.writeObjectData(out);
        }
        return bytes.toByteArray();
    }

    private static long count(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
