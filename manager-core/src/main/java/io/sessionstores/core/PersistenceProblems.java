package io.sessionstores.core;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.juli.logging.Log;

import io.sessionstores.core.store.SessionIds;

/**
 * Where the Manager's reading and saving report what went wrong: each problem is counted in
 * {@link ManagerStats} and logged with the context name and the hash of the session id (never the
 * id), recurring ones at a rate limit.
 */
final class PersistenceProblems implements SessionSerializer.Problems {

    private final ManagerStats stats;
    private final Log log;
    private final RateLimitedLog recurring;
    private final String logName;
    private final String codecName;
    private final Set<String> warnedUnserializable = ConcurrentHashMap.newKeySet();

    PersistenceProblems(ManagerStats stats, Log log, RateLimitedLog recurring, String logName, String codecName) {
        this.stats = stats;
        this.log = log;
        this.recurring = recurring;
        this.logName = logName;
        this.codecName = codecName;
    }

    @Override
    public void unserializable(String attribute, Object value, IOException cause) {
        stats.unserializableAttributes.increment();
        String what = "attribute '" + attribute + "' (" + value.getClass().getName() + ")";
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
        log.warn(logName + ": attribute '" + attribute + "' was dropped on load: class " + className
                + " is not allowed (see the Manager's allowedClassNames)");
    }

    @Override
    public void undecodable(String attribute, IOException cause) {
        stats.droppedAttributes.increment();
        log.warn(logName + ": attribute '" + attribute + "' was dropped on load: " + cause);
    }

    /** A stored frame that cannot be read (truncated, bad check or MAC, too large, other codec). */
    void corrupt(String id, String why, String consequence) {
        stats.corruptFrames.increment();
        log.warn(logName + ": stored session " + SessionIds.hash(id) + " is unreadable and is " + consequence
                + " (" + why + ")");
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
