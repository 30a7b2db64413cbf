package io.sessionstores.benchmarks.expiry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.sessionstores.core.expiry.ExpiryPass;
import io.sessionstores.core.expiry.ExpiryPassResult;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.jdbc.JdbcSessionStore;

/**
 * The JDBC store's raw expiry on a table of {@code rows} expired sessions (200-byte data), plus
 * live ones (one tenth of {@code rows}: 100,000 beside 1,000,000) and 1,000 never-expiring ones that must stay, analysed as a long-lived table is.
 */
public final class JdbcExpiryFigures {

    static final String APP = "/Catalina/localhost/expiry-bench";
    static final int BATCH = 1000;
    static final int NEVER = 1_000;
    private static final String TABLE = "ssbench_expiry";

    private JdbcExpiryFigures() {
    }

    /** Live rows beside {@code rows} expired ones: a tenth, so that a smoke run stays small. */
    static int live(int rows) {
        return rows / 10;
    }

    static String postgresUrl() {
        return env("SESSIONSTORES_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    static String mariaDbUrl() {
        String url = env("SESSIONSTORES_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
        return url.contains("sslMode=") ? url : url + (url.contains("?") ? "&" : "?") + "sslMode=disable";
    }

    /** The valve's pass (ExpiryPass, today's keyset statement) on PostgreSQL. */
    public static ExpiryFigures postgres(int rows) throws Exception {
        return valvePass("PostgreSQL, valve pass (keyset ctid batches of " + BATCH + ")", postgresUrl(), rows,
                JdbcExpiryFigures::fillPostgres);
    }

    /** The valve's pass on MariaDB. */
    public static ExpiryFigures mariaDb(int rows) throws Exception {
        return valvePass("MariaDB, valve pass (DELETE ... LIMIT " + BATCH + ")", mariaDbUrl(), rows,
                JdbcExpiryFigures::fillMariaDb);
    }

    /**
     * The statement the store used before (ctid batches without keyset or outer re-check), looped
     * the same way, for the before/after comparison of the slowest statement.
     */
    public static ExpiryFigures postgresPreviousStatement(int rows) throws Exception {
        JdbcSessionStore store = start(postgresUrl());
        try (Connection c = DriverManager.getConnection(postgresUrl())) {
            fillPostgres(c, rows);
            String sql = "DELETE FROM " + TABLE + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + TABLE
                    + " WHERE app = ? AND expires_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED))";
            long started = System.nanoTime();
            long slowest = 0;
            long deleted = 0;
            int statements = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int n;
                do {
                    ps.setString(1, APP);
                    ps.setLong(2, System.currentTimeMillis());
                    ps.setInt(3, BATCH);
                    long t = System.nanoTime();
                    n = ps.executeUpdate();
                    slowest = Math.max(slowest, System.nanoTime() - t);
                    deleted += n;
                    statements++;
                } while (n == BATCH);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new ExpiryFigures("PostgreSQL, previous statement (ctid batches of " + BATCH + ", no keyset)",
                    deleted, millis, slowest / 1e6, statements, check(c, deleted, rows));
        } finally {
            store.stop();
        }
    }

    /** Fills a table. */
    interface Fill {
        void fill(Connection c, int rows) throws SQLException;
    }

    private static ExpiryFigures valvePass(String what, String url, int rows, Fill fill) throws Exception {
        JdbcSessionStore store = start(url);
        try (Connection c = DriverManager.getConnection(url)) {
            fill.fill(c, rows);
            ExpiryPassResult run = new ExpiryPass(BATCH, 3_600_000, 3_600_000).run(store, "benchmark");
            return new ExpiryFigures(what, run.deleted(), run.millis(), run.slowestMillis(), run.batches(),
                    check(c, run.deleted(), rows));
        } finally {
            store.stop();
        }
    }

    /** A started store on a fresh table (created by the store's shipped DDL). */
    private static JdbcSessionStore start(String url) throws SQLException, StoreException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("DROP TABLE IF EXISTS " + TABLE + "_lease");
        }
        JdbcSessionStore store = new JdbcSessionStore();
        store.setUrl(url);
        store.setTableName(TABLE);
        store.setCreateSchema(true);
        store.setQueryTimeout(60);
        store.setExpiredBatchSize(0);
        store.start(new StoreContext(APP, "expiry-benchmark", JdbcExpiryFigures.class.getClassLoader(),
                System::currentTimeMillis));
        return store;
    }

    private static void fillPostgres(Connection c, int rows) throws SQLException {
        long now = System.currentTimeMillis();
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + TABLE + " (app, id, expires_at, last_access, max_inactive, version,"
                    + " stored_bytes, raw_bytes, data) SELECT '" + APP + "', md5(g::text) || md5((g * 7)::text),"
                    + " CASE WHEN g <= " + rows + " THEN " + (now - 3_600_000) + " + g % 3000000"
                    + " WHEN g <= " + (rows + live(rows)) + " THEN " + (now + 3_600_000) + " + g ELSE NULL END,"
                    + " " + (now - 7_200_000) + ", 1800, 1, 200, 300, decode(repeat('ab', 200), 'hex')"
                    + " FROM generate_series(1, " + (rows + live(rows) + NEVER) + ") g");
            st.execute("VACUUM ANALYZE " + TABLE);
            // the fill's own WAL (about 500 MB) would trigger a checkpoint during the pass, whose
            // sync stalls whatever statement runs then (0.3-0.5 s on the test machine's disk)
            st.execute("CHECKPOINT");
        }
    }

    private static void fillMariaDb(Connection c, int rows) throws SQLException {
        long now = System.currentTimeMillis();
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION max_recursive_iterations = 10000000");
            st.execute("INSERT INTO " + TABLE + " (app, id, expires_at, last_access, max_inactive, version,"
                    + " stored_bytes, raw_bytes, data) WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g"
                    + " WHERE n < " + (rows + live(rows) + NEVER) + ") SELECT '" + APP + "', CONCAT(MD5(n), MD5(n * 7)),"
                    + " CASE WHEN n <= " + rows + " THEN " + (now - 3_600_000) + " + n % 3000000"
                    + " WHEN n <= " + (rows + live(rows)) + " THEN " + (now + 3_600_000) + " + n ELSE NULL END,"
                    + " " + (now - 7_200_000) + ", 1800, 1, 200, 300, REPEAT('x', 200) FROM g");
            st.execute("ANALYZE TABLE " + TABLE);
        }
    }

    /** Verifies that exactly the live and never-expiring rows are left. */
    private static String check(Connection c, long deleted, int rows) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE + " WHERE app = '" + APP + "'")) {
            rs.next();
            long left = rs.getLong(1);
            boolean ok = deleted == rows && left == live(rows) + NEVER;
            return (ok ? "ok: " : "WRONG: ") + left + " live/never rows left";
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
