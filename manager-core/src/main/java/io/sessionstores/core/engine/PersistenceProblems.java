package io.sessionstores.core.engine;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.juli.logging.Log;

import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.support.LogText;
import io.sessionstores.core.support.RateLimitedLog;

/**
 * Where the Manager's reading and saving report what went wrong: each problem is counted in
 * {@link ManagerStats} and logged with the context name and the hash of the session id (never the
 * id), recurring ones at a rate limit.
 */
public final class PersistenceProblems implements AttributeValues.Problems {

    private static final long UNTRUSTED_LOG_INTERVAL_MILLIS = 10_000;
    private static final int UNTRUSTED_LOGS_PER_INTERVAL = 10;

    private final ManagerStats stats;
    private final Log log;
    private final RateLimitedLog recurring;
    private final String logName;
    private final String codecName;
    private final Set<String> warnedUnserializable = ConcurrentHashMap.newKeySet();
    /** Warnings about what the store held, rate-limited each: a bad record recurs on every request. */
    private final RateLimitedLog corruptLog;
    private final RateLimitedLog droppedLog;

    public PersistenceProblems(ManagerStats stats, Log log, RateLimitedLog recurring, String logName, String codecName,
                        LongSupplier clock) {
        this.stats = stats;
        this.log = log;
        this.recurring = recurring;
        this.logName = logName;
        this.codecName = codecName;
        this.corruptLog = new RateLimitedLog(log, UNTRUSTED_LOG_INTERVAL_MILLIS, UNTRUSTED_LOGS_PER_INTERVAL, clock);
        this.droppedLog = new RateLimitedLog(log, UNTRUSTED_LOG_INTERVAL_MILLIS, UNTRUSTED_LOGS_PER_INTERVAL, clock);
    }

    @Override
    public void unserializable(String attribute, Object value, IOException cause) {
        stats.unserializableAttributes.increment();
        String what = "attribute '" + LogText.safe(attribute) + "' (" + value.getClass().getName() + ")";
        if (warnedUnserializable.add(attribute + '\u0000' + value.getClass().getName())) {
            log.warn(logName + ": " + what + " cannot be stored by codec '" + codecName
                    + "' and stays on this node only (" + cause + "); allow its class with allowedClassNames"
                    + " or make it serializable. Further occurrences are counted, not logged.");
        } else if (log.isDebugEnabled()) {
            log.debug(logName + ": " + what + " not stored", cause);
        }
    }

    @Override
    public void forbidden(String attribute, String className) {
        stats.droppedAttributes.increment();
        droppedLog.warn(logName + ": attribute '" + LogText.safe(attribute) + "' was dropped on load: class "
                + LogText.safe(className) + " is not allowed (see the Manager's allowedClassNames)");
    }

    @Override
    public void undecodable(String attribute, IOException cause) {
        stats.droppedAttributes.increment();
        droppedLog.warn(logName + ": attribute '" + LogText.safe(attribute) + "' was dropped on load: "
                + LogText.safe(cause));
    }

    /** A stored frame that cannot be read (truncated, bad check or MAC, too large, other codec). */
    void corrupt(String id, String why, String consequence) {
        stats.corruptFrames.increment();
        corruptLog.warn(logName + ": stored session " + SessionIds.hash(id) + " is unreadable and is " + consequence
                + " (" + LogText.safe(why) + ")");
    }

    /** A save that stopped: the store failed, or kept answering with newer versions. */
    void saveFailed(String id, String why, Throwable cause) {
        stats.failedSaves.increment();
        recurring.warn(logName + ": session " + SessionIds.hash(id) + " was not saved: " + why, cause);
    }

    /** A session whose frame would exceed maxDecodedSize: never written. */
    void tooLarge(String id, String why) {
        stats.failedSaves.increment();
        recurring.warn(logName + ": session " + SessionIds.hash(id) + " is not saved: " + why
                + " (raise maxDecodedSize on every node, or keep less in the session)", null);
    }

    /** A conflicting write not merged because the newer stored frame is unreadable here. */
    void mergeRefused(String id) {
        stats.failedSaves.increment();
        stats.refusedMerges.increment();
        recurring.warn(logName + ": session " + SessionIds.hash(id) + " was not saved: the newer stored version is"
                + " unreadable on this node (another HMAC key or codec?), and writing this node's changes alone"
                + " would drop the other attributes", null);
    }

    /** A touch that failed: nothing changed, so the request is not refused. */
    void touchFailed(String id, Throwable cause) {
        recurring.warn(logName + ": touching session " + SessionIds.hash(id) + " failed", cause);
    }
}
