package io.sessionstores.core.store;

import java.beans.PropertyChangeListener;
import java.beans.PropertyChangeSupport;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.apache.catalina.Store;

/**
 * Base class of every session-stores store, so that a store is configured the way Tomcat
 * operators know: a nested {@code <Store className="..." .../>} element inside the
 * {@code <Manager>}, its attributes set through JavaBean setters.
 *
 * <p>Implementing {@link org.apache.catalina.Store} is what lets Tomcat's digester hand the store
 * to {@code Manager.setStore}. The session-stores Manager talks to a store only through
 * {@link SessionStore}; the object-level {@code Store} methods that only Tomcat's
 * {@code PersistentManager} uses ({@link #load}, {@link #save}, {@link #keys}, {@link #clear})
 * refuse with an explanation, because this store keeps frames, not {@code StandardSession}
 * objects, and enumerating every id is not something a request path may do.
 */
public abstract class SessionStoreBase implements Store, SessionStore {

    private static final int LOCK_STRIPES = 64;

    private final PropertyChangeSupport support = new PropertyChangeSupport(this);
    private final ReadWriteLock[] locks = new ReadWriteLock[LOCK_STRIPES];
    private volatile Manager manager;
    private String migrateFrom;
    private final Map<String, String> migrateFromAttributes = new LinkedHashMap<>();
    private volatile ExpiryStats sweepStats = ExpiryStats.NONE;

    protected SessionStoreBase() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
    }

    @Override
    public Manager getManager() {
        return manager;
    }

    @Override
    public void setManager(Manager manager) {
        Manager old = this.manager;
        this.manager = manager;
        support.firePropertyChange("manager", old, manager);
    }

    /**
     * Migration: class name of the store this one replaces (for example
     * {@code io.sessionstores.jdbc.JdbcSessionStore}), configured by attributes named
     * {@code migrateFrom.<attribute>} ({@code migrateFrom.url="jdbc:postgresql://..."}). While set,
     * a session this store does not hold is read from that store, written here and deleted there;
     * deletes and id changes reach both; and the copy (JMX, or the {@code migrate} command line)
     * moves the rest. Remove these attributes once the old store is empty. Default: none.
     */
    public void setMigrateFrom(String migrateFrom) {
        if (settingsInUse() && !java.util.Objects.equals(this.migrateFrom, migrateFrom)) {
            // the one message every setting gives lives in ConfigCheck, which this SPI package does not use
            throw new IllegalStateException("Attribute 'migrateFrom' is read once at start and cannot change while the"
                    + " application runs: '" + migrateFrom + "' is refused, '" + this.migrateFrom + "' stays in use"
                    + " (change it in context.xml and reload the application)");
        }
        this.migrateFrom = migrateFrom;
    }

    /**
     * Whether this store's settings are in use: its Manager is running, so they were read (and
     * frozen) at its start. A setter of such a setting then refuses a change (with
     * {@code ConfigCheck.fixedWhileRunning}): Tomcat's modeler would otherwise let JMX change a
     * field the running store no longer reads, and show a value that is not in use.
     */
    protected final boolean settingsInUse() {
        return manager instanceof Lifecycle running && running.getState().isAvailable();
    }

    public String getMigrateFrom() {
        return migrateFrom;
    }

    /**
     * Attributes without a setter of their own, as Tomcat's digester hands them over:
     * {@code migrateFrom.<attribute>} configures the {@link #setMigrateFrom store migrated from}.
     * A subclass may accept more (calling this first).
     *
     * @return whether the attribute was taken
     */
    public boolean setProperty(String name, String value) {
        if (name != null && name.startsWith(MIGRATE_FROM_PREFIX) && name.length() > MIGRATE_FROM_PREFIX.length()) {
            migrateFromAttributes.put(name.substring(MIGRATE_FROM_PREFIX.length()), value);
            return true;
        }
        return false;
    }

    /** The {@code migrateFrom.<attribute>} values, by attribute name (without the prefix). */
    public Map<String, String> getMigrateFromAttributes() {
        return Collections.unmodifiableMap(migrateFromAttributes);
    }

    private static final String MIGRATE_FROM_PREFIX = "migrateFrom.";

    @Override
    public int getSize() throws IOException {
        try {
            return (int) Math.min(Integer.MAX_VALUE, count());
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void addPropertyChangeListener(PropertyChangeListener listener) {
        support.addPropertyChangeListener(listener);
    }

    @Override
    public void removePropertyChangeListener(PropertyChangeListener listener) {
        support.removePropertyChangeListener(listener);
    }

    @Override
    public String[] keys() throws IOException {
        throw unsupported("keys()");
    }

    @Override
    public Session load(String id) throws ClassNotFoundException, IOException {
        throw unsupported("load(String)");
    }

    @Override
    public void save(Session session) throws IOException {
        throw unsupported("save(Session)");
    }

    @Override
    public void remove(String id) throws IOException {
        try {
            delete(id);
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void clear() throws IOException {
        throw unsupported("clear()");
    }

    /**
     * A read-write lock for one session id, held in this JVM only: Tomcat's
     * {@code Store.getSessionStoreLock}, a {@code default} method of the interface in recent patch
     * releases (10.1.60 and 11.0.27 have it; 10.1.59 and 11.0.25 do not). On the older ones this is
     * a method of the store alone; one jar serves both, because the signature is Tomcat's exactly
     * (no {@code @Override}, so the source also compiles against the older {@code Store}).
     *
     * <p>What it means here: nothing a request or the stores rely on. Only Tomcat's
     * {@code PersistentManager} takes this lock (around its swap-in and swap-out), and this store
     * refuses to serve that Manager. The session-stores Manager never takes it, because a lock in
     * one JVM cannot order the nodes sharing a store: every store call is one atomic operation on
     * the backend, and writers on different nodes (or threads) are reconciled by the record
     * version ({@link SessionStore#write} is a compare-and-set). A caller that still wants to
     * serialize its own work on one session within this JVM gets a real lock (not Tomcat's
     * default, a fresh lock per call that excludes nothing). The locks are striped: two ids may
     * share one, so a caller must never hold two at once.
     */
    public ReadWriteLock getSessionStoreLock(String id) {
        return locks[Math.floorMod(id == null ? 0 : id.hashCode(), LOCK_STRIPES)];
    }

    // ---- the store's own deletion of expired records (its backgroundProcess), for JMX ------------

    /** Records a finished run of the store's own expiry deletion. */
    protected void sweepRan(long startedAt, long deleted, long millis, long slowestMillis) {
        sweepStats = sweepStats.ran(startedAt, deleted, millis, slowestMillis);
    }

    /** Records a failed run of the store's own expiry deletion. */
    protected void sweepFailed(String message) {
        sweepStats = sweepStats.failed(message);
    }

    /** Runs of the store's own expiry deletion on this node since start (none while an expiry valve covers it). */
    public long getSweepRuns() {
        return sweepStats.runs();
    }

    /** When the last run started (ISO-8601), empty before the first. */
    public String getSweepLastRun() {
        return sweepStats.lastRunTime();
    }

    /** Expired records the last run deleted. */
    public long getSweepLastDeleted() {
        return sweepStats.lastRunDeleted();
    }

    /** Milliseconds the last run took. */
    public long getSweepLastMillis() {
        return sweepStats.lastRunMillis();
    }

    /** Milliseconds of the last run's slowest batch. */
    public long getSweepLastSlowestMillis() {
        return sweepStats.lastRunSlowestMillis();
    }

    /** Expired records this node's runs deleted since start. */
    public long getSweepDeleted() {
        return sweepStats.totalDeleted();
    }

    /** Runs that failed since start. */
    public long getSweepErrors() {
        return sweepStats.errors();
    }

    /** The last failure with its time, empty if none. */
    public String getSweepLastError() {
        return sweepStats.lastError();
    }

    private IOException unsupported(String method) {
        return new IOException(getClass().getSimpleName() + "." + method + " is only used by Tomcat's"
                + " PersistentManager; use this store inside <Manager className=\""
                + "io.sessionstores.core.SessionStoreManager\">");
    }
}
