package io.sessionstores.core.engine;

/**
 * What a {@link VersionedSession} asks of the Manager that holds it. The engine owns this
 * interface and the Manager implements it, so the engine never depends on the Manager's class:
 * a session reaches its Manager only through these calls.
 */
public interface SessionHost {

    /** The epoch-millisecond clock of expiry and touch decisions. */
    long now();

    /**
     * Whether {@code session}, which looks expired from this node's copy, may be ended: the store
     * says whether another node used it since.
     */
    boolean idleInStore(VersionedSession session);

    /** Called by {@code session} once it has been invalidated or has expired under {@code id}. */
    void expired(VersionedSession session, String id, boolean invalidated);

    /**
     * After a change made outside a request (an operator's): waits, briefly, until the store's
     * change stream has carried {@code version} of {@code id} ({@code ChangeStream.GONE}: its end),
     * so the other nodes' copies are stale before the operator's next request. Nothing by default.
     */
    default void awaitCarried(String id, long version) {
    }
}
