package io.sessionstores.core.analysis;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import javax.management.ObjectName;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.support.BesideManager;
import io.sessionstores.core.support.SingleWorker;

/**
 * The size analysis of one context in JMX, beside its Manager:
 * {@code Catalina:type=SessionAnalyzer,host=<host>,context=<path>} (described by this package's
 * {@code mbeans-descriptors.xml}). {@link #start} runs one analysis on a thread of its own (never a
 * request or Tomcat background thread), one at a time; {@link #cancel} stops it between two
 * batches; progress and the last report (text and JSON) are attributes.
 */
public final class SessionAnalyzerMBean {

    private final Log log = LogFactory.getLog(SessionAnalyzerMBean.class);
    private static final long STOP_WAIT_MS = 5_000;

    private final SessionStore store;
    private final String appName;
    private final String logName;
    private final LongSupplier clock;
    private final SingleWorker worker = new SingleWorker();
    private volatile AnalysisProgress progress = new AnalysisProgress();
    private volatile AnalysisReport lastReport;
    private volatile String lastError;
    private volatile int batchSize = AnalysisOptions.DEFAULT_BATCH_SIZE;
    private volatile long pauseMillis;
    private ObjectName name;

    /**
     * @param store   the context's started store
     * @param appName the store's application name
     * @param logName the context's name in log lines
     * @param clock   epoch ms
     */
    public SessionAnalyzerMBean(SessionStore store, String appName, String logName, LongSupplier clock) {
        this.store = store;
        this.appName = appName;
        this.logName = logName;
        this.clock = clock;
    }

    // ---- lifecycle (the Manager's) ---------------------------------------------------------------

    /**
     * Registers a new analyzer beside the Manager named {@code managerName} (same domain, host and
     * context, {@code type=SessionAnalyzer}); returns {@code null} when the Manager is not in JMX.
     */
    public static SessionAnalyzerMBean register(ObjectName managerName, SessionStore store, String appName,
                                                String logName, LongSupplier clock) {
        if (managerName == null) {
            return null;
        }
        SessionAnalyzerMBean bean = new SessionAnalyzerMBean(store, appName, logName, clock);
        try {
            bean.name = BesideManager.register(bean, managerName, "SessionAnalyzer");
            return bean;
        } catch (Exception e) {
            bean.log.warn(logName + ": the session analyzer could not be registered in JMX: " + e);
            return null;
        }
    }

    /** Cancels a running analysis, waits for it a little, and leaves JMX. */
    public void unregister() {
        cancel();
        worker.await(STOP_WAIT_MS);
        BesideManager.unregister(name);
    }

    /** The JMX name, or {@code null} when not registered. */
    public ObjectName getObjectName() {
        return name;
    }

    // ---- operations ------------------------------------------------------------------------------

    /**
     * Starts an analysis of the sessions bigger than {@code biggerThan} raw bytes, or, when
     * {@code ids} is not blank, of those ids (separated by commas, spaces or line breaks;
     * {@code biggerThan} then does not apply).
     *
     * @return what happened, for the JMX console
     */
    public String start(long biggerThan, String ids) {
        AnalysisOptions options;
        try {
            List<String> list = ids == null || ids.isBlank() ? null : AnalysisOptions.parseIds(ids);
            options = new AnalysisOptions(biggerThan, list, batchSize, Duration.ofMillis(pauseMillis));
        } catch (ConfigException e) {
            return "Not started: " + e.getMessage();
        }
        AnalysisProgress fresh = new AnalysisProgress();
        if (!worker.start("session-analysis " + logName, () -> {
            progress = fresh;
            lastError = null;
        }, () -> run(options, fresh))) {
            return "Not started: an analysis is already running; cancel it or wait for it";
        }
        return "Started: " + (options.byIds() ? options.ids().size() + " ids" : "sessions bigger than " + biggerThan
                + " bytes");
    }

    /** Asks a running analysis to stop after its current batch; its report covers what it saw. */
    public void cancel() {
        progress.cancel();
    }

    private void run(AnalysisOptions options, AnalysisProgress runProgress) {
        try {
            AnalysisReport report = new SessionAnalyzer(store, appName, clock).run(options, runProgress);
            lastReport = report;
            log.info(logName + ": session size analysis done: " + report.processed() + " sessions analysed of "
                    + report.totalSessions() + " in " + report.durationMillis() + " ms"
                    + (report.cancelled() ? " (cancelled)" : ""));
        } catch (InterruptedException e) {
            lastError = "interrupted";
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn(logName + ": session size analysis failed: " + lastError);
        }
    }

    // ---- attributes ------------------------------------------------------------------------------

    public boolean isRunning() {
        return worker.isRunning();
    }

    /** Records examined (or ids looked up) by the running or last analysis. */
    public long getProcessed() {
        return progress.processed();
    }

    /** Records stored when it started (or ids given): an upper bound of {@link #getProcessed()}. */
    public long getExpected() {
        return progress.expected();
    }

    /** The last complete (or cancelled) analysis as text, or {@code null} before the first. */
    public String getLastReportText() {
        AnalysisReport report = lastReport;
        return report == null ? null : ReportFormat.TEXT.render(report);
    }

    /** The last analysis as JSON, or {@code null} before the first. */
    public String getLastReportJson() {
        AnalysisReport report = lastReport;
        return report == null ? null : ReportFormat.JSON.render(report);
    }

    /** Why the last analysis failed, or {@code null}. */
    public String getLastError() {
        return lastError;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /** Records per store call of the next analyses (1 to 100000, default 5000). */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getPauseMillis() {
        return pauseMillis;
    }

    /** Milliseconds to wait between two batches of the next analyses (0 to 60000, default 0). */
    public void setPauseMillis(long pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    /** The last report itself (tests, embedding). */
    public AnalysisReport lastReport() {
        return lastReport;
    }
}
