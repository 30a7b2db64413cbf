package io.sessionstores.core;

import java.util.Arrays;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Valve;
import org.apache.juli.logging.Log;

import io.sessionstores.core.store.SessionStore;

/**
 * What the Manager reads from and adds to its {@link Context} at start: the names it logs and
 * stores under, the webapp's class loader, its valve and error-page listener, and the check of
 * the context's expiry period against the stores' grace.
 */
final class ContextWiring {

    private ContextWiring() {
    }

    /** Tomcat's name for the application: {@code /<engine>/<host><context path>}. */
    static String appName(Container context) {
        String contextName = context == null ? "" : context.getName();
        if (!contextName.startsWith("/")) {
            contextName = "/" + contextName;
        }
        String hostName = "";
        String engineName = "";
        if (context != null && context.getParent() != null) {
            Container host = context.getParent();
            hostName = host.getName();
            if (host.getParent() != null) {
                engineName = host.getParent().getName();
            }
        }
        return "/" + engineName + "/" + hostName + contextName;
    }

    /** The name every log line of {@code name} carries: {@code name[/path]}. */
    static String describe(Context context, String name) {
        if (context == null) {
            return name;
        }
        String path = context.getPath() == null || context.getPath().isEmpty() ? "/" : context.getPath();
        return name + "[" + path + "]";
    }

    /** The webapp's class loader, which decodes attribute values; the thread's before one exists. */
    static ClassLoader webappClassLoader(Context context) {
        if (context != null && context.getLoader() != null && context.getLoader().getClassLoader() != null) {
            return context.getLoader().getClassLoader();
        }
        return Thread.currentThread().getContextClassLoader();
    }

    /** Whether {@code valve} is in the context's pipeline. */
    static boolean hasValve(Context context, Valve valve) {
        for (Valve v : context.getPipeline().getValves()) {
            if (v == valve) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the listener that saves what error pages change (they run after the Manager's valve);
     * Tomcat starts the Manager after the context's own listeners, and drops them all at stop.
     */
    static void addErrorPageSaveListener(Context context, SessionStoreManager manager) {
        if (context == null) {
            return;
        }
        Object[] listeners = context.getApplicationEventListeners();
        for (Object listener : listeners) {
            if (listener instanceof ErrorPageSaveListener own && own.savesFor(manager)) {
                return;
            }
        }
        Object[] withOurs = Arrays.copyOf(listeners, listeners.length + 1);
        withOurs[listeners.length] = new ErrorPageSaveListener(manager);
        context.setApplicationEventListeners(withOurs);
    }

    /**
     * Warns when the Manager's expiry runs further apart than the stores keep an expired record:
     * the store would then delete records before this node checks them, and the sessions it holds
     * would time out without their listeners.
     */
    static void warnIfExpiryOutlastsStoreGrace(Context context, int processExpiresFrequency, long budgetMillis,
                                               Log log, String logName) {
        long periodMillis = (long) processExpiresFrequency * backgroundDelaySeconds(context) * 1000L + budgetMillis;
        if (periodMillis >= SessionStore.EXPIRED_RECORD_GRACE_MILLIS) {
            log.warn(logName + ": sessions are checked for expiry every " + periodMillis / 1000 + " s"
                    + " (processExpiresFrequency x backgroundProcessorDelay), longer than the "
                    + SessionStore.EXPIRED_RECORD_GRACE_MILLIS / 1000 + " s for which stores keep an expired record;"
                    + " sessions this node holds may then time out without sessionDestroyed/valueUnbound");
        }
    }

    /** The effective backgroundProcessorDelay of the context (inherited from host or engine), in seconds. */
    private static int backgroundDelaySeconds(Context context) {
        for (Container c = context; c != null; c = c.getParent()) {
            if (c.getBackgroundProcessorDelay() > 0) {
                return c.getBackgroundProcessorDelay();
            }
        }
        return 10;
    }
}
