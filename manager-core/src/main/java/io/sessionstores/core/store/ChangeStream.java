package io.sessionstores.core.store;

/**
 * A store's change stream: every change of a stored session of this application (write, delete,
 * id change, expired records deleted by a sweep or the expiry valve) announced by the backend in
 * the same atomic step as the change itself, so that a node may serve the copies it holds without
 * reading the store while it has missed nothing (see {@code io.sessionstores.core.engine.NearCache}).
 *
 * <p>A session appears in the stream under its {@link #keyOf key}, a short non-reversible hash of
 * its id: a subscriber of the channel learns which sessions change, never their ids.
 *
 * <p>The stream's one promise is about what it cannot deliver: between {@link Listener#following()}
 * and the next {@link Listener#missed(String)}, every change committed after the
 * {@code following()} call began has been, or will be, given to {@link Listener#changed}; when it
 * cannot tell (the subscription was lost or re-established, the backend restarted or failed over,
 * a sequence number skipped, a heartbeat did not come back in time), it calls {@code missed}
 * first.
 */
public interface ChangeStream {

    /**
     * Told of changes, on the stream's own thread(s): the changes of one session in the order the
     * backend made them (those of different sessions may come in another order: a Redis Cluster
     * orders them per slot only).
     */
    interface Listener {

        /**
         * Sessions changed: {@code keys[i]} now has version {@code versions[i]}, or none at all
         * ({@link #GONE}: deleted, expired, moved to another id).
         */
        void changed(String[] keys, long[] versions);

        /** From now on nothing is missed (until the next {@link #missed}). */
        void following();

        /** Changes may have been missed since the last {@link #following()}: trust no copy. */
        void missed(String why);
    }

    /** The version announced for a session that no longer exists under its id. */
    long GONE = Long.MAX_VALUE;

    /** The key under which the stream announces changes of session {@code id}. */
    String keyOf(String id);

    /**
     * Starts following the stream for {@code listener} (one per store). Returns at once: the
     * listener's {@code following()} comes once the subscription is confirmed. Never throws for a
     * backend that is down; it keeps trying in the background.
     */
    void follow(Listener listener);

    /** Stops following; no listener call after it returns. Never throws. */
    void stop();

    /**
     * Whether the stream vouches for copies at this moment, asked before every copy is served
     * unread: {@code false} while a promise it keeps beside the backend's messages has lapsed (the
     * cached-JDBC store's: its last check of the evictions and writes Redis missed is older than
     * the bound every such change waits out). Cheap (a field and the clock). By default always:
     * the stream's {@link Listener#following following} and {@link Listener#missed missed} say it all.
     */
    default boolean vouchesNow() {
        return true;
    }

    /** Drops the next change message unseen (a test hook that simulates a lost message). */
    default void dropNextMessage() {
        throw new UnsupportedOperationException();
    }
}
