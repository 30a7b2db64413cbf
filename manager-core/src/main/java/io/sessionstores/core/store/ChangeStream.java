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

        /**
         * One session changed, and the message carried the record the change stored: version
         * {@code version} of the session under {@code key}, built by {@code record} for the id the
         * listener knows that key by ({@code null} when it is no session record). A node that holds
         * a copy of it may take that record instead of reading the store, under the same rule as a
         * copy it serves unread: nothing newer announced, nothing missed since. By default only
         * the change is told.
         */
        default void changed(String key, long version, PushedRecord record) {
            changed(new String[] {key}, new long[] {version});
        }

        /** From now on nothing is missed (until the next {@link #missed}). */
        void following();

        /** Changes may have been missed since the last {@link #following()}: trust no copy. */
        void missed(String why);
    }

    /** The record a change message carried, built for the id its key stands for. */
    @FunctionalInterface
    interface PushedRecord {

        /** The record as session {@code id}'s, or {@code null} when it is not a well-formed one. */
        SessionRecord of(String id);
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
