package io.sessionstores.benchmarks.redis;

import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.redis.RedisSessionStore;

/** What the Redis figure parts of the benchmarks share: smoke mode, the clock, starting a store, their one kind of check. */
final class Figures {

    /** The time the figures' stores live at (a fixed clock: sessions are written relative to it). */
    static final long NOW = 1_763_700_000_000L;

    /** {@code -Dsessionstores.figures.smoke=true}: a few sessions, to show the part runs (the smoke test). */
    static final boolean SMOKE = Boolean.getBoolean("sessionstores.figures.smoke");

    private Figures() {
    }

    /** Starts {@code store} for the application {@code appName}, its clock at {@link #NOW}. */
    static RedisSessionStore start(RedisSessionStore store, String appName) throws StoreException {
        store.start(new StoreContext(appName, "figures" + appName, Figures.class.getClassLoader(), () -> NOW));
        return store;
    }

    /** Fails the part when a figure shows the store misbehaved (not for timings). */
    static void check(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("unexpected: " + what);
        }
    }
}
