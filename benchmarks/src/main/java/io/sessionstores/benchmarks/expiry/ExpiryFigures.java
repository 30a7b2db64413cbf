package io.sessionstores.benchmarks.expiry;

/**
 * One row of the expiry benchmark's table.
 *
 * @param what          store and method
 * @param deleted       expired records deleted
 * @param millis        total time
 * @param slowestMillis the slowest single statement or call (Redis: the slowest script call on
 *                      the server, SLOWLOG, in ms with fractions); NaN when not timed (Tomcat's
 *                      own expiry runs its statements inside {@code processExpires})
 * @param calls         statements or batches
 * @param check         what was verified afterwards
 */
public record ExpiryFigures(String what, long deleted, long millis, double slowestMillis, long calls, String check) {

    /** The table's header (markdown). */
    public static final String HEADER = "| store, method | expired deleted | total ms | slowest statement/call ms"
            + " | statements/batches | check |\n|---|---:|---:|---:|---:|---|";

    /** This row (markdown). */
    public String row() {
        String slowest = Double.isNaN(slowestMillis) ? "not timed" : String.format("%.1f", slowestMillis);
        return String.format("| %s | %,d | %,d | %s | %,d | %s |", what, deleted, millis, slowest, calls, check);
    }
}
