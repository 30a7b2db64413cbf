package io.sessionstores.redis;

/** What the Redis figure parts of the benchmarks share: smoke mode and their one kind of check. */
final class Figures {

    /** {@code -Dsessionstores.figures.smoke=true}: a few sessions, to show the part runs (the smoke test). */
    static final boolean SMOKE = Boolean.getBoolean("sessionstores.figures.smoke");

    private Figures() {
    }

    /** Fails the part when a figure shows the store misbehaved (not for timings). */
    static void check(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("unexpected: " + what);
        }
    }
}
