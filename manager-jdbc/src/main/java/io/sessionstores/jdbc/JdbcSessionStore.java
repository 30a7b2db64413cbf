package io.sessionstores.jdbc;

import java.sql.DriverManager;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.ExpirySweep;
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
 *
 * <p>This class keeps the settings Tomcat sets (the XML attributes) and the lifecycle, and hands
 * the work to the parts it builds at start: {@link JdbcAccess} (connections, dialect, schema),
 * {@link JdbcRecords} (the statements on one session's row), {@link JdbcScan} (count and scan,
 * for the tools) and {@link JdbcExpiry} (raw expiry, the store's own sweep, the expiry lease).
 *
 * <p>Over 400 lines because each of its eleven settings carries the javadoc that is the
 * operator's documentation, and each {@code SessionStore} method its one-line hand-over.
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
    private volatile JdbcRecords records;
    private volatile JdbcScan scan;
    private volatile JdbcExpiry expiry;
    private volatile PostgresChangeStream changeStream;
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
     * Expired sessions deleted per statement by the store's own sweep, which runs on
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
        DataSource dataSource = dataSource(settings, context);
        this.jdbc = new JdbcAccess(dataSource, settings, context.logName(), log);
        ChangeChannel changes = ChangeChannel.of(settings.tableName(), context.appName());
        this.records = new JdbcRecords(jdbc, context, log, corruptFrames, changes);
        this.scan = new JdbcScan(jdbc, context);
        this.expiry = new JdbcExpiry(jdbc, context, changes);
        log.info(context.logName() + ": JDBC session store: " + settings);
        jdbc.warmUp();
        this.changeStream = mayAnnounce(settings) ? new PostgresChangeStream(jdbc, changes,
                listenConnections(settings, dataSource), log, context.logName()) : null;
    }

    /**
     * Whether the database may announce changes (PostgreSQL): the configured dialect, else the one
     * the first connection found, else the URL's; when none can tell yet (a DataSource whose database
     * is down), the stream settles it when it starts.
     */
    private boolean mayAnnounce(JdbcStoreSettings settings) {
        Dialect known = settings.dialect() != null ? Dialect.of(settings.dialect()) : jdbc.dialect();
        if (known == null && settings.url() != null) {
            known = Dialect.forUrl(settings.url()).orElse(null);
        }
        return known == null || known.announcesChanges();
    }

    /**
     * The change stream's own listening connection: with {@code url}, opened by the driver, not taken
     * from the store's pool; with a DataSource, one of its connections (its URL and password are the
     * DataSource's to know), held while the stream listens.
     */
    private static PostgresChangeStream.Connections listenConnections(JdbcStoreSettings settings, DataSource dataSource) {
        if (settings.url() == null) {
            return dataSource::getConnection;
        }
        return () -> {
            Properties properties = new Properties();
            if (settings.user() != null) {
                properties.setProperty("user", settings.user());
            }
            if (settings.password() != null) {
                properties.setProperty("password", settings.password());
            }
            return DriverManager.getConnection(settings.url(), properties);
        };
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

    /**
     * Closes the store's own pool (a JNDI DataSource is the container's to close) and waits, at most
     * {@code connectionTimeout} + 1 s, for its threads: one may still be connecting to a database
     * that never answered.
     */
    @Override
    public void stop() {
        PostgresChangeStream stream = changeStream;
        if (stream != null) {
            stream.stop();
        }
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
     * The store's sweep: deletes expired rows of this application in batches of
     * {@code expiredBatchSize}, for at most {@value JdbcExpiry#SWEEP_BUDGET_MS} ms per run, unless
     * the expiry valve covers this store. Failures are logged once per outage, then at debug.
     */
    @Override
    public void backgroundProcess() {
        JdbcStoreSettings s = settings;
        if (jdbc == null || s == null || s.expiredBatchSize() == 0 || expiryByValve) {
            return;
        }
        long startedAt = System.currentTimeMillis();
        try {
            ExpirySweep sweep = expiry.sweep(s.expiredBatchSize());
            sweepFailing = false;
            sweepRan(startedAt, sweep.deleted(), sweep.millis(), sweep.slowestMillis());
            if (sweep.deleted() > 0 && log.isDebugEnabled()) {
                log.debug(context.logName() + ": deleted " + sweep.deleted() + " expired sessions in "
                        + sweep.millis() + " ms");
            }
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
    }

    // ---------------------------------------------------------------- SessionStore (see JdbcRecords)

    @Override
    public SessionRecord read(String id) throws StoreException {
        return records.read(id);
    }

    /** Rows read whose data could not be a session record (a record version below 1). */
    public long getCorruptFrames() {
        return corruptFrames.get();
    }

    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        return records.write(record, expectedVersion);
    }

    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        return records.touch(id, lastAccess, expiresAt);
    }

    /**
     * The ends of a session (an id change, a logout, an expiry by this node) return, on PostgreSQL,
     * once their announcement reached this node's own listening connection (at most
     * {@value OwnDeliveries#WAIT_MILLIS} ms): see {@link OwnDeliveries}.
     */
    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        return expectGone(oldId).after(() -> records.changeId(oldId, newId));
    }

    @Override
    public boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        return records.changeIdLeavingTombstone(oldId, newId, tombstoneUntil);
    }

    @Override
    public boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        return records.deleteLeavingTombstone(id, version, tombstoneUntil);
    }

    @Override
    public void delete(String id) throws StoreException {
        expectGone(id).after(() -> records.delete(id));
    }

    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        return expectGone(id).after(() -> records.deleteIfVersion(id, version));
    }

    private OwnDeliveries.Expected expectGone(String id) {
        PostgresChangeStream stream = changeStream;
        return stream == null ? OwnDeliveries.NONE : stream.expectGone(id);
    }

    // ---------------------------------------------------------------- the tools' reads (see JdbcScan)

    @Override
    public long count() throws StoreException {
        return scan.count();
    }

    @Override
    public ScanBatch scan(ScanRequest request) throws StoreException {
        return scan.scan(request);
    }

    @Override
    public List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        return records.lookup(ids);
    }

    /**
     * On PostgreSQL, every statement that changes a session announces it by {@code pg_notify} in
     * the same statement, and this stream listens on its own connection ({@link PostgresChangeStream}),
     * so the Manager's near cache serves the copies it vouches for without a statement. None on H2
     * and MariaDB/MySQL: they have no notification channel, and every request reads the database.
     */
    @Override
    public ChangeStream changeStream() {
        return changeStream;
    }

    /** The {@code principal} column, written by every statement that writes a record. */
    @Override
    public boolean indexesUsers() {
        return true;
    }

    @Override
    public List<SessionRecord> sessionsOfUser(String user, int limit) throws StoreException {
        return records.sessionsOfUser(user, limit);
    }

    // ---------------------------------------------------------------- raw expiry (see JdbcExpiry)

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

    /** The started store's raw expiry, for {@link ExpiredRows}. */
    JdbcExpiry expiry() {
        return expiry;
    }

    /** The started store's connections, for the side tables of this package ({@link PendingEvictions}). */
    JdbcAccess access() {
        return jdbc;
    }

    /** The application whose rows this started store keeps. */
    String appName() {
        return app;
    }
}
