package io.sessionstores.core.store;

import java.time.Instant;

/**
 * Figures of raw expiry for JMX, one immutable snapshot: the last run and totals since start.
 * The expiry valve keeps one (a run covers every context of the valve), and so does each store
 * for its own background deletion; the owner replaces it after each run.
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
public record ExpiryStats(long lastRunDeleted, long lastRunMillis, long lastRunSlowestMillis, long lastRunAt,
                   long totalDeleted, long runs, long errors, String lastError) {

    /** Before the first run. */
    public static final ExpiryStats NONE = new ExpiryStats(0, 0, 0, 0, 0, 0, 0, "");

    /** After a finished run that deleted {@code deleted} records. */
    public ExpiryStats ran(long startedAt, long deleted, long millis, long slowestMillis) {
        return new ExpiryStats(deleted, millis, slowestMillis, startedAt, totalDeleted + deleted, runs + 1, errors,
                lastError);
    }

    /** After a failed pass (over one context). */
    public ExpiryStats failed(String message) {
        return new ExpiryStats(lastRunDeleted, lastRunMillis, lastRunSlowestMillis, lastRunAt, totalDeleted, runs,
                errors + 1, Instant.now() + " " + message);
    }

    /** When the last run started (ISO-8601), or empty before the first. */
    public String lastRunTime() {
        return lastRunAt == 0 ? "" : Instant.ofEpochMilli(lastRunAt).toString();
    }
}
