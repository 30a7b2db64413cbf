package io.sessionstores.core.support;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.juli.logging.Log;

/**
 * Logs a recurring problem (a store that is down, a bad stored record requested again and again)
 * at most a few times per interval, saying how many occurrences were suppressed in between, so an
 * outage or a hostile client does not flood catalina.out.
 */
public final class RateLimitedLog {

    private final Log log;
    private final long intervalMillis;
    private final int perInterval;
    private final LongSupplier clock;
    private final AtomicLong suppressed = new AtomicLong();
    private long windowEnd = Long.MIN_VALUE;
    private int usedInWindow;

    /** At most one message per {@code intervalMillis}. */
    public RateLimitedLog(Log log, long intervalMillis, LongSupplier clock) {
        this(log, intervalMillis, 1, clock);
    }

    /** At most {@code perInterval} messages per {@code intervalMillis}. */
    public RateLimitedLog(Log log, long intervalMillis, int perInterval, LongSupplier clock) {
        this.log = log;
        this.intervalMillis = intervalMillis;
        this.perInterval = perInterval;
        this.clock = clock;
    }

    private synchronized boolean admit() {
        long now = clock.getAsLong();
        if (now >= windowEnd) {
            windowEnd = now + intervalMillis;
            usedInWindow = 0;
        }
        if (usedInWindow >= perInterval) {
            return false;
        }
        usedInWindow++;
        return true;
    }

    /** Logs at WARN now, or counts the message as suppressed. */
    public void warn(String message) {
        warn(message, null);
    }

    /** Logs at WARN now, or counts the message as suppressed. */
    public void warn(String message, Throwable cause) {
        if (admit()) {
            long skipped = suppressed.getAndSet(0);
            String text = skipped == 0 ? message : message + " (" + skipped + " similar messages suppressed)";
            if (cause == null) {
                log.warn(text);
            } else if (log.isDebugEnabled()) {
                log.warn(text, cause);
            } else {
                log.warn(text + ": " + describe(cause));
            }
        } else {
            suppressed.incrementAndGet();
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(t.toString());
        Throwable cause = t.getCause();
        for (int i = 0; cause != null && i < 3; i++, cause = cause.getCause()) {
            sb.append(" <- ").append(cause);
        }
        return sb.toString();
    }
}
