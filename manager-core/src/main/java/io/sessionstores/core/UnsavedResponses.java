package io.sessionstores.core;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.juli.logging.Log;

import io.sessionstores.core.engine.ManagerStats;
import io.sessionstores.core.support.RateLimitedLog;

/**
 * How the valve answers a request whose session change could not be stored: with the Manager's
 * {@code unsavedStatus} instead of the application's response while that is not committed, so
 * that the client never takes an unstored change for a stored one; counted and logged either way.
 */
final class UnsavedResponses {

    private final ManagerStats stats;
    private final Log log;
    private final RateLimitedLog storeErrorLog;
    private final String logName;
    private final int status;

    UnsavedResponses(ManagerStats stats, Log log, RateLimitedLog storeErrorLog, String logName, int status) {
        this.stats = stats;
        this.log = log;
        this.storeErrorLog = storeErrorLog;
        this.logName = logName;
        this.status = status;
    }

    /**
     * Answers {@code status} instead of the application's response when it is not committed yet.
     *
     * @return whether the error status replaced the response
     */
    boolean refuse(Response response) {
        if (response.isCommitted()) {
            stats.unsavedAfterCommit.increment();
            storeErrorLog.warn(logName + ": a session change could not be stored, and the application had already"
                    + " committed its response to " + describe(response) + ": the client may believe it was stored", null);
            return false;
        }
        stats.unsavedRefused.increment();
        storeErrorLog.warn(logName + ": a session change could not be stored; " + describe(response)
                + " is answered with HTTP " + status + " instead", null);
        try {
            response.reset();
            response.sendError(status);
        } catch (IOException | IllegalStateException e) {
            log.debug(logName + ": the error status could not be set", e);
        }
        return true;
    }

    private static String describe(Response response) {
        Request request = response.getRequest();
        return request == null ? "the request" : request.getMethod() + " " + request.getRequestURI();
    }
}
