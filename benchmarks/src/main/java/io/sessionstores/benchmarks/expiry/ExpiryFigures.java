package io.sessionstores.benchmarks.expiry;

/**
 * One row of the expiry benchmark's table.
 *
 * @param what          store and method
 * @param deleted       expired records deleted
 * @param millis        total time
 * @param slowestMillis the slowest single statement or call (Redis: the slowest script call on
 *                      the server, SLOWLOG, in ms with fractions)
 * @param calls         statements or batches
 * @param check         what was verified afterwards
 */
public record ExpiryFigures(String what, long deleted, long millis, double slowestMillis, long calls, String check) {

    /** The table's header (markdown). */
    public static final String HEADER = "| store, method | expired deleted | total ms | slowest statement/call ms"
            + " | statements/batches | check |\n|---|---:|---:|---:|---:|---|";

    /** This row (markdown). */
    public String row() {
        return String.format("| %s | %,d | %,d | %.1f | %,d | %s |", what, deleted, millis, slowestMillis, calls, check);
    }
}
