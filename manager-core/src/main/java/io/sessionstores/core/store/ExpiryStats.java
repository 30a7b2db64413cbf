package io.sessionstores.core.expiry;

import java.time.Instant;

/**
 * The expiry valve's figures for JMX, one immutable snapshot: the last run (over every context
 * the valve covers) and totals since start. The valve replaces it after each run.
 *
 * @param lastRunDeleted       records deleted by the last run
 * @param lastRunMillis        duration of the last run
 * @param lastRunSlowestMillis its slowest batch
 * @param lastRunAt            when it started (epoch ms, 0 before the first)
 * @param totalDeleted         records deleted since start
 * @param runs                 runs since start
 * @param errors               failed passes since start
 * @param lastError            the last failure with its time, or empty
 */
record ExpiryStats(long lastRunDeleted, long lastRunMillis, long lastRunSlowestMillis, long lastRunAt,
                   long totalDeleted, long runs, long errors, String lastError) {

    /** Before the first run. */
    static final ExpiryStats NONE = new ExpiryStats(0, 0, 0, 0, 0, 0, 0, "");

    /** After a finished run that deleted {@code deleted} records. */
    ExpiryStats ran(long startedAt, long deleted, long millis, long slowestMillis) {
        return new ExpiryStats(deleted, millis, slowestMillis, startedAt, totalDeleted + deleted, runs + 1, errors,
                lastError);
    }

    /** After a failed pass over one context. */
    ExpiryStats failed(String message) {
        return new ExpiryStats(lastRunDeleted, lastRunMillis, lastRunSlowestMillis, lastRunAt, totalDeleted, runs,
                errors + 1, Instant.now() + " " + message);
    }

    /** When the last run started (ISO-8601), or empty before the first. */
    String lastRunTime() {
        return lastRunAt == 0 ? "" : Instant.ofEpochMilli(lastRunAt).toString();
    }
}
