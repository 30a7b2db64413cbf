package io.sessionstores.redis;

import io.sessionstores.core.contract.IdleExpiryContract;
import io.sessionstores.core.store.SessionStore;

/** Expiry judged from one node's copy (manager webapp, JMX) with the Redis store in {@link #mode()} on {@link #target()}, keys of its own. */
abstract class RedisIdleExpiryContract extends IdleExpiryContract {

    private final String prefix = StoreFixture.uniquePrefix();

    /** The store's {@code mode} attribute. */
    abstract String mode();

    /** Where the stores connect: the shared Redis unless a Cluster test says otherwise. */
    RedisTarget target() {
        return RedisTarget.SHARED;
    }

    @Override
    protected String storeElement() {
        return StoreFixture.storeElement(target(), prefix, "mode", mode());
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }

    @Override
    protected String nodeName() {
        return target().name() + "-" + mode() + "-idle-expiry";
    }
}
