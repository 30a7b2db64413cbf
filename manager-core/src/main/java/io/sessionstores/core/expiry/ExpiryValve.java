package io.sessionstores.core.expiry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.ExpiryStats;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;

/**
 * Raw expiry: deletes expired sessions from the session-stores store in bulk, without loading
 * them, one node of the cluster at a time.
 *
 * <pre>{@code
 * <Valve className="io.sessionstores.core.expiry.ExpiryValve" interval="60" batchSize="1000"/>
 * }</pre>
 *
 * <p>In a {@code <Context>} it covers that web application; in a {@code <Host>} every web
 * application of the host whose Manager is the session-stores Manager. Every {@code interval}
 * seconds (checked on Tomcat's background thread, every {@code backgroundProcessorDelay}) it
 * takes the store's expiry lease, so that of N Tomcats one deletes while the others only check
 * the lease, and deletes expired records in batches of {@code batchSize} until none is left or
 * {@code maxRunMillis} is spent. While the valve runs, the stores it covers stop deleting
 * expired records from their own background work.
 *
 * <p>Raw-deleted sessions fire no {@code sessionDestroyed} and no {@code valueUnbound}: nothing
 * is loaded. Sessions a node holds in memory still expire there, with listeners, as usual.
 * Never-expiring sessions ({@code maxInactiveInterval <= 0}) are never deleted.
 */
public class ExpiryValve extends ValveBase {

    private final Log log = LogFactory.getLog(ExpiryValve.class);
    private volatile ExpiryStats stats = ExpiryStats.NONE;
    private final String owner = ownerName();
    private final Map<Context, Boolean> failing = new LinkedHashMap<>();

    private int interval = 60;
    private int batchSize = 1000;
    private int maxRunMillis = 2000;

    private volatile ExpiryPass pass;
    private long lastRunNanos;
    private boolean ranOnce;

    /** Creates the valve (asynchronous requests pass through untouched). */
    public ExpiryValve() {
        super(true);
    }

    // ---- XML attributes -------------------------------------------------------------------

    /**
     * Whether asynchronous requests may pass (default {@code true}, which a pipeline needs for
     * any of them); read-only while the valve runs.
     */
    @Override
    public void setAsyncSupported(boolean asyncSupported) {
        super.setAsyncSupported(ConfigCheck.fixedWhileRunning(getState().isAvailable(), "asyncSupported",
                isAsyncSupported(), asyncSupported));
    }

    /** Seconds between two expiry runs (default 60, allowed 1 to 86400). */
    public void setInterval(int interval) {
        this.interval = ConfigCheck.fixedWhileRunning(getState().isAvailable(), "interval", this.interval, interval);
    }

    public int getInterval() {
        return interval;
    }

    /**
     * Expired sessions deleted per statement (default 1000, allowed 1 to 100000); with a Redis
     * hash-mode store, bucket hashes swept per batch.
     */
    public void setBatchSize(int batchSize) {
        this.batchSize = ConfigCheck.fixedWhileRunning(getState().isAvailable(), "batchSize", this.batchSize, batchSize);
    }

    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Most milliseconds one run may spend on one web application (default 2000, allowed 10 to
     * 600000), checked between batches; what is left waits for the next run. The background
     * thread serves every web application of the Engine: keep this short.
     */
    public void setMaxRunMillis(int maxRunMillis) {
        this.maxRunMillis = ConfigCheck.fixedWhileRunning(getState().isAvailable(), "maxRunMillis", this.maxRunMillis, maxRunMillis);
    }

    public int getMaxRunMillis() {
        return maxRunMillis;
    }

    // ---- lifecycle --------------------------------------------------------------------------

    @Override
    protected void startInternal() throws LifecycleException {
        Container container = getContainer();
        if (!(container instanceof Context) && !(container instanceof Host)) {
            throw new LifecycleException(getClass().getSimpleName() + " belongs in a <Context> or a <Host>, not in "
                    + (container == null ? "nothing" : container.getClass().getSimpleName()));
        }
        try {
            ConfigCheck.range("interval", interval, 1, 86_400);
            ConfigCheck.range("batchSize", batchSize, 1, 100_000);
            ConfigCheck.range("maxRunMillis", maxRunMillis, 10, 600_000);
        } catch (ConfigException e) {
            throw new LifecycleException(container.getName() + ": " + getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
        // The holder renews at every run; a node that vanished leaves the lease after two intervals.
        pass = new ExpiryPass(batchSize, maxRunMillis, 2L * interval * 1000 + maxRunMillis);
        log.info(container.getName() + ": expiry valve " + owner + " started: every " + interval + " s, batches of "
                + batchSize + ", at most " + maxRunMillis + " ms per web application");
        super.startInternal();
    }

    @Override
    protected void stopInternal() throws LifecycleException {
        super.stopInternal();
        for (Covered covered : covered()) {
            covered.store().setExpiryByValve(false);
            try {
                covered.store().releaseExpiryLease(owner);
            } catch (StoreException e) {
                log.debug(covered.name() + ": expiry lease not released (it lapses on its own): " + e.getMessage());
            }
        }
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
    }

    // ---- the work ---------------------------------------------------------------------------

    /** Tomcat's background thread: runs expiry once {@code interval} seconds have passed. */
    @Override
    public void backgroundProcess() {
        List<Covered> stores = covered();
        stores.forEach(c -> c.store().setExpiryByValve(true));
        synchronized (this) {
            long now = System.nanoTime();
            if (ranOnce && now - lastRunNanos < TimeUnit.SECONDS.toNanos(interval)) {
                return;
            }
            ranOnce = true;
            lastRunNanos = now;
        }
        runOver(stores);
    }

    /** JMX operation: one run now, whatever the interval; returns what it did. */
    public String runNow() {
        List<Covered> stores = covered();
        stores.forEach(c -> c.store().setExpiryByValve(true));
        return runOver(stores);
    }

    private synchronized String runOver(List<Covered> stores) {
        ExpiryPass current = pass;
        if (current == null || !getState().isAvailable()) {
            return "the valve is not started";
        }
        long startedAt = System.currentTimeMillis();
        long started = System.nanoTime();
        long deleted = 0;
        long slowest = 0;
        List<String> lines = new ArrayList<>();
        for (Covered covered : stores) {
            ExpiryPassResult run = runOne(current, covered);
            if (run != null) {
                deleted += run.deleted();
                slowest = Math.max(slowest, run.slowestMillis());
                lines.add(covered.name() + ": " + run.describe());
            } else {
                lines.add(covered.name() + ": failed, see lastError");
            }
        }
        stats = stats.ran(startedAt, deleted, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), slowest);
        return lines.isEmpty() ? "no web application with a session-stores Manager is covered" : String.join("\n", lines);
    }

    /** One context's pass with its class loader bound; {@code null} when it failed (logged). */
    private ExpiryPassResult runOne(ExpiryPass current, Covered covered) {
        ClassLoader previous = covered.context().bind(false, null);
        try {
            ExpiryPassResult run = current.run(covered.store(), owner);
            if (failing.remove(covered.context()) != null) {
                log.info(covered.name() + ": expiry works again");
            }
            if (run.deleted() > 0 && log.isDebugEnabled()) {
                log.debug(covered.name() + ": expiry valve " + run.describe());
            }
            return run;
        } catch (StoreException | RuntimeException e) {
            stats = stats.failed(covered.name() + ": " + e.getMessage());
            if (failing.put(covered.context(), Boolean.TRUE) == null) {
                log.warn(covered.name() + ": deleting expired sessions failed (logged once until it works again): "
                        + e.getMessage());
            } else if (log.isDebugEnabled()) {
                log.debug(covered.name() + ": deleting expired sessions failed again: " + e.getMessage());
            }
            return null;
        } finally {
            covered.context().unbind(false, previous);
        }
    }

    /** A web application this valve covers, and its started store. */
    private record Covered(Context context, SessionStore store) {
        String name() {
            return context.getParent().getName() + context.getName();
        }
    }

    private List<Covered> covered() {
        Container container = getContainer();
        List<Covered> result = new ArrayList<>();
        if (container instanceof Context context) {
            addIfStoreManaged(context, result);
        } else if (container != null) {
            for (Container child : container.findChildren()) {
                if (child instanceof Context context) {
                    addIfStoreManaged(context, result);
                }
            }
        }
        return result;
    }

    private static void addIfStoreManaged(Context context, List<Covered> into) {
        if (context.getManager() instanceof SessionStoreManager manager && manager.getState().isAvailable()
                && manager.getStore() instanceof SessionStore store) {
            into.add(new Covered(context, store));
        }
    }

    private static String ownerName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    // ---- JMX ----------------------------------------------------------------------------------

    /** Who this valve is when it holds a lease ({@code pid@host/random}). */
    public String getOwner() {
        return owner;
    }

    /** Holders of the expiry lease of the covered web applications, {@code app=holder} each. */
    public String getLeaseHolder() {
        List<String> holders = new ArrayList<>();
        for (Covered covered : covered()) {
            String holder;
            try {
                holder = covered.store().expiryLeaseHolder();
            } catch (StoreException e) {
                holder = "unknown (" + e.getMessage() + ")";
            }
            holders.add(covered.name() + "=" + (holder == null ? "none" : holder));
        }
        return String.join(", ", holders);
    }

    public long getLastRunDeleted() {
        return stats.lastRunDeleted();
    }

    public long getLastRunMillis() {
        return stats.lastRunMillis();
    }

    public long getLastRunSlowestBatchMillis() {
        return stats.lastRunSlowestMillis();
    }

    public String getLastRunTime() {
        return stats.lastRunTime();
    }

    public long getTotalDeleted() {
        return stats.totalDeleted();
    }

    public long getRuns() {
        return stats.runs();
    }

    public long getErrors() {
        return stats.errors();
    }

    public String getLastError() {
        return stats.lastError();
    }
}
