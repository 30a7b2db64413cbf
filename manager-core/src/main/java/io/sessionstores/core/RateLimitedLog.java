package io.sessionstores.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.juli.logging.Log;

/**
 * Logs a recurring problem (a store that is down) at most once per interval, saying how many
 * occurrences were suppressed in between, so an outage does not flood catalina.out.
 */
final class RateLimitedLog {

    private final Log log;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final AtomicLong nextAllowed = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Log log, long intervalMillis, LongSupplier clock) {
        this.log = log;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** Logs at WARN now, or counts the message as suppressed; {@code cause} may be {@code null}. */
    void warn(String message, Throwable cause) {
        long now = clock.getAsLong();
        long next = nextAllowed.get();
        if (now >= next && nextAllowed.compareAndSet(next, now + intervalMillis)) {
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
