package io.sessionstores.core.migrate;

import java.time.Duration;

import javax.management.ObjectName;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.support.BesideManager;
import io.sessionstores.core.support.SingleWorker;

/**
 * A migration in JMX, beside the Manager of a context whose store has a {@code migrateFrom}
 * fallback: {@code Catalina:type=SessionMigration,host=<host>,context=<path>} (described by this
 * package's {@code mbeans-descriptors.xml}). {@link #startCopy} runs the {@link SessionCopy} on a
 * thread of its own (never a request thread, never Tomcat's background thread); the attributes
 * show its progress and where a later run resumes.
 */
public final class SessionMigrationMBean {

    private static final long STOP_WAIT_MS = 5_000;

    private final Log log = LogFactory.getLog(SessionMigrationMBean.class);
    private final MigratingSessionStore store;
    private final String logName;
    private final SingleWorker worker = new SingleWorker();
    private volatile SessionCopy.Progress progress = new SessionCopy.Progress();
    private volatile String lastError;
    private volatile long startedAt;
    private volatile long finishedAt;
    private ObjectName name;

    private SessionMigrationMBean(MigratingSessionStore store, String logName) {
        this.store = store;
        this.logName = logName;
    }

    /** Registers the migration of {@code store} beside the Manager named {@code managerName}; {@code null} without JMX. */
    public static SessionMigrationMBean register(ObjectName managerName, MigratingSessionStore store, String logName) {
        SessionMigrationMBean bean = new SessionMigrationMBean(store, logName);
        if (managerName == null) {
            return bean;
        }
        try {
            bean.name = BesideManager.register(bean, managerName, "SessionMigration");
        } catch (Exception e) {
            bean.log.warn(logName + ": the session migration could not be registered in JMX: " + e);
        }
        return bean;
    }

    /** Cancels a running copy, waits for it a little, and leaves JMX. */
    public void unregister() {
        cancelCopy();
        worker.await(STOP_WAIT_MS);
        BesideManager.unregister(name);
    }

    // ---- operations --------------------------------------------------------------------------

    /**
     * Starts copying every session of the old store into the new one (see {@link SessionCopy}),
     * from {@code cursor} when not blank (the {@link #getCursor cursor} of a stopped run).
     *
     * @return what happened, for the jconsole dialog
     */
    public String startCopy(int batchSize, long pauseMillis, String cursor) {
        SessionCopy.Options options;
        try {
            ConfigCheck.range("batchSize", batchSize, 1, ScanRequest.MAX_LIMIT);
            ConfigCheck.range("pauseMillis", pauseMillis, 0, 60_000);
            options = new SessionCopy.Options(batchSize, Duration.ofMillis(pauseMillis),
                    cursor == null || cursor.isBlank() ? null : cursor.strip(), true, SessionCopy.DEFAULT_THREADS);
        } catch (ConfigException e) {
            return "not started: " + e.getMessage();
        }
        SessionCopy.Progress fresh = new SessionCopy.Progress();
        String running = "a copy is already running: " + progress;
        boolean started = worker.start("session-migration " + logName, () -> {
            progress = fresh;
            lastError = null;
            startedAt = System.currentTimeMillis();
            finishedAt = 0;
        }, () -> copy(options, fresh));
        return started ? "copy started" : running;
    }

    /** Asks the running copy to stop after its current session; its cursor stays for a resume. */
    public void cancelCopy() {
        progress.cancel();
    }

    private void copy(SessionCopy.Options options, SessionCopy.Progress into) {
        try {
            log.info(logName + ": session migration copy started");
            new SessionCopy(store.source(), store.target()).run(options, into);
            log.info(logName + ": session migration copy " + (into.done() ? "complete: " : "stopped: ") + into);
        } catch (StoreException | RuntimeException e) {
            lastError = e.getMessage();
            log.warn(logName + ": session migration copy failed (" + into + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finishedAt = System.currentTimeMillis();
        }
    }

    // ---- attributes --------------------------------------------------------------------------

    public boolean isCopyRunning() {
        return worker.isRunning();
    }

    public boolean isCopyComplete() {
        return progress.done();
    }

    public long getExamined() {
        return progress.examined();
    }

    public long getCopied() {
        return progress.copied();
    }

    public long getAlreadyThere() {
        return progress.alreadyThere();
    }

    /** Sessions deleted (logout, id change, expiry) between the copy's read and its insert: not copied. */
    public long getDeletedMeanwhile() {
        return progress.deletedMeanwhile();
    }

    public long getExpired() {
        return progress.expired();
    }

    public String getCursor() {
        return progress.cursor();
    }

    /** Sessions copied per second by the running or last copy. */
    public double getCopyRate() {
        long start = startedAt;
        if (start == 0) {
            return 0;
        }
        long end = finishedAt == 0 ? System.currentTimeMillis() : finishedAt;
        return progress.copied() * 1000.0 / Math.max(1, end - start);
    }

    public long getMovedOnDemand() {
        return store.movedOnDemand();
    }

    public String getLastError() {
        return lastError;
    }

    /** Sessions left in the old store (live or not yet expired away); -1 when it cannot be reached. */
    public long getSourceCount() {
        try {
            return store.source().count();
        } catch (StoreException e) {
            return -1;
        }
    }

    /** The JMX name, or {@code null} when not registered. */
    public ObjectName getObjectName() {
        return name;
    }
}
