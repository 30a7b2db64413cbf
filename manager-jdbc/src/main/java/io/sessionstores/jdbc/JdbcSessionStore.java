package io.sessionstores.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionStoreBase;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.jdbc.dialect.Dialect;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Sessions in a relational database (H2, PostgreSQL, MariaDB/MySQL), one row per session keyed by
 * (application, id). Configured inside the session-stores Manager:
 *
 * <pre>{@code
 * <Manager className="io.sessionstores.core.SessionStoreManager">
 *   <Store className="io.sessionstores.jdbc.JdbcSessionStore" dataSourceName="jdbc/sessions"/>
 * </Manager>
 * }</pre>
 *
 * <p>Connections come from a JNDI DataSource ({@code dataSourceName}: a {@code <Resource>} in
 * context.xml, Tomcat's own pool) or, for the simple case, from a small HikariCP pool the store
 * builds from {@code url}. Each store call is one SQL statement (a new session over an expired
 * leftover on MariaDB/MySQL: two). Every statement has a query timeout and the driver's network
 * wait is bounded, so no request thread hangs on a database that stopped answering. The store
 * starts while its database is down: it connects on first use.
 */
public class JdbcSessionStore extends SessionStoreBase {

    private final Log log = LogFactory.getLog(JdbcSessionStore.class);

    private String dataSourceName;
    private String url;
    private String user;
    private String password;
    private String dialect;
    private String tableName = "tomcat_sessions";
    private boolean createSchema = false;
    private int queryTimeout = 5;
    private int connectionTimeout = 5000;
    private int maxPoolSize = 10;
    private int expiredBatchSize = 1000;
    private DataSource programmaticDataSource;

    private volatile String app;
    private volatile StoreContext context;
    private volatile JdbcStoreSettings settings;
    private volatile boolean sweepFailing;
    private volatile JdbcAccess jdbc;
    private volatile JdbcExpiry expiry;
    private volatile boolean expiryByValve;
    private volatile HikariDataSource ownPool;
    private volatile PoolThreads ownPoolThreads;
    private final AtomicLong corruptFrames = new AtomicLong();

    // ---------------------------------------------------------------- configuration (XML attributes)

    public String getDataSourceName() {
        return dataSourceName;
    }

    /**
     * JNDI name of the {@code javax.sql.DataSource} holding the sessions table, looked up in the
     * web application's {@code java:comp/env} and then in the server's GlobalNamingResources, for
     * example {@code jdbc/sessions} for a {@code <Resource name="jdbc/sessions" .../>} in
     * context.xml. Set this or {@code url}, not both.
     */
    public void setDataSourceName(String dataSourceName) {
        this.dataSourceName = ConfigCheck.fixedWhileRunning(settingsInUse(), "dataSourceName", this.dataSourceName, dataSourceName);
    }

    public String getUrl() {
        return url;
    }

    /**
     * JDBC URL for the simple case without a JNDI Resource: the store then keeps a small HikariCP
     * pool of its own (the driver jar must be in {@code tomcat/lib}). A {@code password=}
     * parameter in the URL is masked in logs. Set this or {@code dataSourceName}, not both.
     */
    public void setUrl(String url) {
        this.url = ConfigCheck.secretFixedWhileRunning(settingsInUse(), "url", this.url, url);
    }

    public String getUser() {
        return user;
    }

    /** Database user for {@code url}. */
    public void setUser(String user) {
        this.user = ConfigCheck.fixedWhileRunning(settingsInUse(), "user", this.user, user);
    }

    public String getPassword() {
        return password;
    }

    /** Database password for {@code url}; never logged. */
    public void setPassword(String password) {
        this.password = ConfigCheck.secretFixedWhileRunning(settingsInUse(), "password", this.password, password);
    }

    public String getDialect() {
        return dialect;
    }

    /**
     * SQL dialect: {@code h2}, {@code postgresql}, {@code mariadb} or {@code mysql}. Default:
     * detected from the database's product name on the first connection.
     */
    public void setDialect(String dialect) {
        this.dialect = ConfigCheck.fixedWhileRunning(settingsInUse(), "dialect", this.dialect, dialect);
    }

    public String getTableName() {
        return tableName;
    }

    /**
     * Table holding the sessions, default {@code tomcat_sessions}: a plain SQL identifier
     * (letters, digits, underscore), optionally qualified by a schema ({@code sessions.web}).
     */
    public void setTableName(String tableName) {
        this.tableName = ConfigCheck.fixedWhileRunning(settingsInUse(), "tableName", this.tableName, tableName);
    }

    public boolean isCreateSchema() {
        return createSchema;
    }

    /**
     * Whether to create the table and its indexes when they are missing (the dialect's shipped
     * DDL, {@code CREATE ... IF NOT EXISTS}), on the first connection. Default {@code false}:
     * an operator runs the DDL once.
     */
    public void setCreateSchema(boolean createSchema) {
        this.createSchema = ConfigCheck.fixedWhileRunning(settingsInUse(), "createSchema", this.createSchema, createSchema);
    }

    public int getQueryTimeout() {
        return queryTimeout;
    }

    /**
     * Seconds a statement may run before it is cancelled and the request goes on without the
     * store (default 5, allowed 1 to 3600). The driver's network wait is bounded to this plus
     * one second.
     */
    public void setQueryTimeout(int queryTimeout) {
        this.queryTimeout = ConfigCheck.fixedWhileRunning(settingsInUse(), "queryTimeout", this.queryTimeout, queryTimeout);
    }

    public int getConnectionTimeout() {
        return connectionTimeout;
    }

    /**
     * With {@code url}: milliseconds a request waits for a pooled connection (default 5000,
     * allowed 250 to 600000). With {@code dataSourceName} the Resource's own settings
     * ({@code maxWait}) decide.
     */
    public void setConnectionTimeout(int connectionTimeout) {
        this.connectionTimeout = ConfigCheck.fixedWhileRunning(settingsInUse(), "connectionTimeout", this.connectionTimeout, connectionTimeout);
    }

    public int getMaxPoolSize() {
        return maxPoolSize;
    }

    /** With {@code url}: connections in the store's pool at most (default 10, allowed 1 to 1000). */
    public void setMaxPoolSize(int maxPoolSize) {
        this.maxPoolSize = ConfigCheck.fixedWhileRunning(settingsInUse(), "maxPoolSize", this.maxPoolSize, maxPoolSize);
    }

    public int getExpiredBatchSize() {
        return expiredBatchSize;
    }

    /**
     * Expired sessions deleted per statement by the store's own housekeeping, which runs on
     * Tomcat's background thread (every {@code backgroundProcessorDelay}, 10 s by default) and
     * deletes batches for at most one second per run, without loading them (no listener fires).
     * A row goes once it has been expired for {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS}
     * (5 minutes), the grace in which the node holding the session expires it with listeners.
     * Default 1000, allowed 0 to 100000; 0 turns it off (another node or a database job deletes
     * expired rows instead). Off by itself while an {@code ExpiryValve} covers the application.
     */
    public void setExpiredBatchSize(int expiredBatchSize) {
        this.expiredBatchSize = ConfigCheck.fixedWhileRunning(settingsInUse(), "expiredBatchSize", this.expiredBatchSize, expiredBatchSize);
    }

    /**
     * For embedding in code (not an XML attribute): the DataSource to use instead of
     * {@code dataSourceName} or {@code url}. The store does not close it.
     */
    public void setDataSource(DataSource dataSource) {
        this.programmaticDataSource = dataSource;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start(StoreContext context) throws StoreException {
        JdbcStoreSettings settings = JdbcStoreSettings.validate(this, programmaticDataSource != null);
        this.settings = settings;
        this.context = context;
        this.app = context.appName();
        this.jdbc = new JdbcAccess(dataSource(settings, context), settings, context.logName(), log);
        this.expiry = new JdbcExpiry(jdbc, context);
        log.info(context.logName() + ": JDBC session store: " + settings);
        warmUp();
    }

    private DataSource dataSource(JdbcStoreSettings settings, StoreContext context) {
        if (programmaticDataSource != null) {
            return programmaticDataSource;
        }
        if (settings.dataSourceName() != null) {
            return DataSources.lookup(settings.dataSourceName(), context, getManager());
        }
        String poolName = "session-stores " + context.logName();
        ownPoolThreads = new PoolThreads(poolName);
        ownPool = DataSources.pool(settings, poolName, ownPoolThreads);
        return ownPool;
    }

    /** Settles dialect and schema now if the database answers; if not, the first call will. */
    private void warmUp() {
        try {
            jdbc.call("start", sql -> null); // settles dialect and schema; no COUNT(*) of a big table
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException cause && !JdbcAccess.isConnectionFailure(cause)
                    && !(cause instanceof SQLTimeoutException)) {
                // reached, but refused: a missing table, a permission, a wrong dialect
                log.error(context.logName() + ": the database answered but the session table is not usable (SQLState "
                        + cause.getSQLState() + "); every session request will fail until it is: " + e.getMessage()
                        + ". Create it with the DDL in the README (or set createSchema=\"true\") and grant"
                        + " SELECT, INSERT, UPDATE, DELETE on it to this user");
            } else {
                log.warn(context.logName() + ": database not reachable at start, the store will connect on first use: "
                        + e.getMessage());
            }
        }
    }

    /**
     * Closes the store's own pool (a JNDI DataSource is the container's to close) and waits, at most
     * {@code connectionTimeout} + 1 s, for its threads: one may still be connecting to a database
     * that never answered.
     */
    @Override
    public void stop() {
        HikariDataSource pool = ownPool;
        PoolThreads threads = ownPoolThreads;
        ownPool = null;
        ownPoolThreads = null;
        if (pool != null) {
            pool.close();
            List<String> running = threads.awaitEnd(settings.connectionTimeout() + 1000L);
            if (!running.isEmpty()) {
                log.warn(context.logName() + ": threads of the store's connection pool still running after its close"
                        + " (a connection attempt the driver has not timed out yet; they end by themselves and hold"
                        + " no web application): " + running);
            }
        }
    }

    /**
     * Deletes expired rows of this application in batches of {@code expiredBatchSize}, for at most
     * {@value #SWEEP_BUDGET_MS} ms per run, unless the expiry valve covers this store. Failures are
     * logged once per outage, then at debug.
     */
    @Override
    public void backgroundProcess() {
        JdbcStoreSettings s = settings;
        if (jdbc == null || s == null || s.expiredBatchSize() == 0 || expiryByValve) {
            return;
        }
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        long total = 0;
        long slowest = 0;
        try {
            ExpiryBatch batch = ExpiryBatch.FIRST;
            do {
                long batchStart = System.nanoTime();
                batch = deleteExpired(batch, s.expiredBatchSize());
                slowest = Math.max(slowest, System.nanoTime() - batchStart);
                total += batch.deleted();
            } while (!batch.done() && (System.nanoTime() - start) / 1_000_000 < SWEEP_BUDGET_MS);
            sweepFailing = false;
            sweepRan(startedAt, total, (System.nanoTime() - start) / 1_000_000, slowest / 1_000_000);
        } catch (StoreException e) {
            sweepFailed(e.getMessage());
            if (!sweepFailing) {
                log.warn(context.logName() + ": deleting expired sessions failed (logged once until it works again): "
                        + e.getMessage());
            } else if (log.isDebugEnabled()) {
                log.debug(context.logName() + ": deleting expired sessions failed again: " + e.getMessage());
            }
            sweepFailing = true;
        }
        if (total > 0 && log.isDebugEnabled()) {
            log.debug(context.logName() + ": deleted " + total + " expired sessions in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    /** Time budget of one background run's expired-row deletion. */
    static final long SWEEP_BUDGET_MS = 1000;

    // ---------------------------------------------------------------- SessionStore

    @Override
    public SessionRecord read(String id) throws StoreException {
        return jdbc.call("read", sql -> sql.queryFirst("read", key(id), row -> toRecord(id, row)));
    }

    /** Rows read whose data could not be a session record (a record version below 1). */
    public long getCorruptFrames() {
        return corruptFrames.get();
    }

    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        Map<String, Object> values = recordValues(record);
        if (expectedVersion != 0) {
            values.put("expectedVersion", expectedVersion);
            return jdbc.call("write", sql -> sql.update("update", values) == 1);
        }
        return jdbc.call("write", sql -> insertNew(sql, values));
    }

    /** A new record: inserted, or replacing an expired leftover; never over a live record. */
    private static boolean insertNew(Sql sql, Map<String, Object> values) throws SQLException {
        try {
            return sql.update("insertNew", values) == 1;
        } catch (SQLException e) {
            if (!sql.isDuplicateKey(e)) {
                throw e;
            }
            return sql.update("replaceExpired", values) == 1;
        }
    }

    /**
     * Moves the expiry and last access forward (never back). A touch that changes nothing (both
     * already as far) still finds its session: with MariaDB's {@code useAffectedRows=true} the
     * UPDATE then counts 0 rows, so 0 is confirmed by a read of the live row before the session is
     * reported gone; nothing is rewritten.
     */
    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        Map<String, Object> values = key(id);
        values.put("lastAccess", lastAccess);
        values.put("expiresAt", expiresAt);
        return jdbc.call("touch", sql -> sql.update("touch", values) == 1
                || sql.queryFirst("exists", values, row -> Boolean.TRUE) != null);
    }

    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        Map<String, Object> values = key(oldId);
        values.put("newId", newId);
        return jdbc.call("changeId", sql -> moveRecord(sql, values, newId));
    }

    /** Moves a record; an expired leftover under the new id is removed first, a live one is an error. */
    private boolean moveRecord(Sql sql, Map<String, Object> values, String newId) throws SQLException {
        try {
            return sql.update("changeId", values) == 1;
        } catch (SQLException e) {
            if (!sql.isDuplicateKey(e)) {
                throw e;
            }
            sql.update("deleteIfExpired", key(newId));
            return sql.update("changeId", values) == 1;
        }
    }

    /**
     * Renames and leaves the tombstone in one transaction: an expired leftover under the new id
     * goes first (a live one fails the rename), then the row moves, then the tombstone takes the
     * old id. Rolled back, nothing changes, when there is no live row to move.
     */
    @Override
    public boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        Map<String, Object> values = key(oldId);
        values.put("newId", newId);
        Map<String, Object> tombstone = tombstoneValues(oldId, tombstoneUntil);
        return jdbc.call("changeIdLeavingTombstone", sql -> sql.inTransaction(() -> {
            sql.update("deleteIfExpired", key(newId));
            if (sql.update("changeId", values) != 1) {
                return false;
            }
            sql.update("tombstone", tombstone);
            return true;
        }));
    }

    /** One statement: an upsert of the tombstone (version 0), or an update of the row of that version. */
    @Override
    public boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        Map<String, Object> values = tombstoneValues(id, tombstoneUntil);
        if (version == 0) {
            return jdbc.call("deleteLeavingTombstone", sql -> sql.update("tombstone", values) >= 0);
        }
        values.put("version", version);
        return jdbc.call("deleteLeavingTombstone", sql -> sql.update("tombstoneIfVersion", values) == 1);
    }

    private Map<String, Object> tombstoneValues(String id, long tombstoneUntil) {
        Map<String, Object> values = key(id);
        values.put("data", NO_DATA);
        values.put("until", tombstoneUntil);
        return values;
    }

    /** A tombstone's data column. */
    private static final byte[] NO_DATA = new byte[0];

    @Override
    public void delete(String id) throws StoreException {
        jdbc.call("delete", sql -> sql.update("delete", key(id)));
    }

    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        Map<String, Object> values = key(id);
        values.put("version", version);
        return jdbc.call("deleteIfVersion", sql -> sql.update("deleteIfVersion", values) == 1);
    }

    @Override
    public long count() throws StoreException {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        Long n = jdbc.call("count", sql -> sql.queryFirst("count", values, row -> row.getLong(1)));
        return n == null ? 0 : n;
    }

    /**
     * One SELECT of at most {@code limit} rows in keyset order: by id, or with a size filter by
     * {@code (raw_bytes, id)} along the {@code _raw_size} index (see {@link JdbcScan}). On
     * PostgreSQL a walk whose filter excludes nothing goes in physical order instead, a range of
     * pages per batch (see {@link JdbcPageScan}); its first and last batches read the table's
     * size too.
     */
    @Override
    public ScanBatch scan(ScanRequest request) throws StoreException {
        long now = context.now();
        if (JdbcPageScan.isCursor(request.cursor())) {
            JdbcPageScan.Position from = JdbcPageScan.Position.parse(request.cursor());
            return jdbc.call("scan", sql -> JdbcPageScan.batch(sql, app, request, now, from));
        }
        Map<String, Object> values = JdbcScan.values(app, request);
        return jdbc.call("scan", sql -> {
            if (JdbcPageScan.mayStart(request, sql.dialect())) {
                ScanBatch first = JdbcPageScan.start(sql, app, request, now);
                if (first != null) {
                    return first;
                }
            }
            return JdbcScan.batch(sql.query(JdbcScan.statement(request), values, row -> JdbcScan.row(row, now)),
                    request);
        });
    }

    /** One primary-key SELECT per id, all on one connection. */
    @Override
    public List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        long now = context.now();
        return jdbc.call("lookup", sql -> {
            List<ScannedRecord> found = new ArrayList<>();
            for (String id : ids) {
                SessionRecord r = sql.queryFirst("readAny", key(id), row -> toRecord(id, row));
                if (r != null) {
                    found.add(ScannedRecord.at(r, now));
                }
            }
            return found;
        });
    }

    /**
     * Raw expiry: deletes at most {@code batchSize} expired rows of this application without
     * loading them (no listener fires), in one short statement in expiry order (PostgreSQL: skipping
     * rows other transactions hold, starting after the previous batch's last expiry). A row goes
     * once expired by this node's clock and by the database's. A deadlock victim (MariaDB 1213) is
     * run again.
     */
    @Override
    public ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) throws StoreException {
        return expiry.deleteExpired(previous, batchSize);
    }

    /** The lease is the application's row in {@code <tableName>_lease} (created with the schema). */
    @Override
    public boolean acquireExpiryLease(String owner, long ttlMillis) throws StoreException {
        return expiry.acquireLease(owner, ttlMillis);
    }

    @Override
    public void releaseExpiryLease(String owner) throws StoreException {
        expiry.releaseLease(owner);
    }

    @Override
    public String expiryLeaseHolder() throws StoreException {
        return expiry.leaseHolder();
    }

    @Override
    public void setExpiryByValve(boolean byValve) {
        this.expiryByValve = byValve;
    }

    /** The dialect in use once a connection settled it ({@code null} before); for tests and logs. */
    Dialect dialectInUse() {
        JdbcAccess access = jdbc;
        return access == null ? null : access.dialect();
    }

    /** The started store's connections, for the side tables of this package ({@link PendingEvictions}). */
    JdbcAccess access() {
        return jdbc;
    }

    /** The application whose rows this started store keeps. */
    String appName() {
        return app;
    }

    // ---------------------------------------------------------------- rows

    private Map<String, Object> key(String id) {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        values.put("id", id);
        values.put("now", context.now());
        return values;
    }

    private Map<String, Object> recordValues(SessionRecord r) {
        Map<String, Object> values = key(r.id());
        values.put("data", r.frame());
        values.put("version", r.version());
        values.put("expiresAt", r.expiresAt() == SessionRecord.NEVER_EXPIRES ? null : r.expiresAt());
        values.put("lastAccess", r.lastAccess());
        values.put("maxInactive", r.maxInactive());
        values.put("storedBytes", r.storedBytes());
        values.put("rawBytes", r.rawBytes());
        return values;
    }

    /** The row as a record; {@code null} (counted, logged) when it cannot be one. */
    private SessionRecord toRecord(String id, ResultSet row) throws SQLException {
        long version = row.getLong(2);
        if (version < 1) {
            corruptFrames.incrementAndGet();
            log.warn(context.logName() + ": row of session " + SessionIds.hash(id) + " has record version " + version
                    + "; treated as no session");
            return null;
        }
        return toRecord(id, row, 1);
    }

    /**
     * The record of a row whose columns data, version, expires_at, last_access, max_inactive and
     * raw_bytes start at {@code first} (the version already known to be at least 1).
     */
    static SessionRecord toRecord(String id, ResultSet row, int first) throws SQLException {
        byte[] data = row.getBytes(first);
        long version = row.getLong(first + 1);
        long expiresAt = row.getLong(first + 2);
        if (row.wasNull()) {
            expiresAt = SessionRecord.NEVER_EXPIRES;
        }
        long lastAccess = row.getLong(first + 3);
        // a touch updates the columns only: the frame handed out carries the times they hold
        return new SessionRecord(id, FrameFormat.agreeingWith(data, expiresAt, lastAccess), version, expiresAt,
                lastAccess, row.getInt(first + 4), row.getInt(first + 5));
    }
}
