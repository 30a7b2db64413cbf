package io.sessionstores.core;

import java.util.function.LongSupplier;

import javax.management.ObjectName;

import org.apache.juli.logging.Log;

import io.sessionstores.core.analysis.SessionAnalyzerMBean;
import io.sessionstores.core.engine.StoredSessionCount;
import io.sessionstores.core.migrate.MigratingSessionStore;
import io.sessionstores.core.migrate.SessionMigrationMBean;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.support.BesideManager;

/**
 * What a running Manager puts in JMX beside itself: the {@code <Store>} ({@code type=Store},
 * described by the descriptor of the store's package: its settings and its own expiry figures),
 * the context's size analyzer, and the migration while a {@code migrateFrom} store is set; and
 * the count behind the Manager's {@code storedSessions}.
 */
final class ManagerJmx {

    private final ObjectName storeName;
    private final SessionAnalyzerMBean analyzer;
    private final SessionMigrationMBean migration;
    private final StoredSessionCount storedSessions;

    private ManagerJmx(ObjectName storeName, SessionAnalyzerMBean analyzer, SessionMigrationMBean migration,
                       StoredSessionCount storedSessions) {
        this.storeName = storeName;
        this.analyzer = analyzer;
        this.migration = migration;
        this.storedSessions = storedSessions;
    }

    /**
     * Registers beside {@code managerName}: the configured store itself (also while it migrates),
     * the analyzer and the migration of the store the Manager runs on.
     */
    static ManagerJmx register(ObjectName managerName, SessionStore configured, SessionStore running, String app,
                               Log log, String logName, LongSupplier clock) {
        SessionMigrationMBean migration = null;
        if (running instanceof MigratingSessionStore migrating) {
            migration = SessionMigrationMBean.register(managerName, migrating, logName);
            log.info(logName + ": migrating sessions from " + migrating.source().getClass().getSimpleName()
                    + ": a session not found is moved from there (JMX SessionMigration.startCopy moves the rest)");
        }
        SessionAnalyzerMBean analyzer = SessionAnalyzerMBean.register(managerName, running, app, logName, clock);
        StoredSessionCount storedSessions = new StoredSessionCount(running::count, System::nanoTime, job -> {
            Thread thread = new Thread(job, "session-stores count " + logName);
            thread.setDaemon(true);
            thread.start();
        }, e -> log.warn(logName + ": the stored sessions could not be counted (JMX storedSessions shows the last"
                + " count): " + e.getMessage()));
        return new ManagerJmx(registerStore(managerName, configured, log, logName), analyzer, migration, storedSessions);
    }

    /** The application's sessions in the store, counted at most once a minute (see {@link StoredSessionCount}). */
    long storedSessions() {
        return storedSessions.get();
    }

    /** {@code null} when the Manager is not in JMX or the registration failed (logged). */
    private static ObjectName registerStore(ObjectName managerName, SessionStore store, Log log, String logName) {
        if (managerName == null) {
            return null;
        }
        try {
            return BesideManager.register(store, managerName, "Store");
        } catch (Exception e) {
            log.warn(logName + ": the store could not be registered in JMX: " + e);
            return null;
        }
    }

    /** The migration, or {@code null} without a {@code migrateFrom} store. */
    SessionMigrationMBean migration() {
        return migration;
    }

    /** Leaves JMX, at the Manager's stop. */
    void unregister() {
        if (analyzer != null) {
            analyzer.unregister();
        }
        if (migration != null) {
            migration.unregister();
        }
        BesideManager.unregister(storeName);
    }
}
