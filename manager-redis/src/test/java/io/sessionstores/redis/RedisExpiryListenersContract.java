package io.sessionstores.redis;

import io.sessionstores.core.contract.ExpiryListenersContract;
import io.sessionstores.core.store.SessionStore;

/**
 * The Redis store in {@link #mode()} on {@link #target()} under {@link ExpiryListenersContract}, with keys of its
 * own, removed afterwards.
 */
abstract class RedisExpiryListenersContract extends ExpiryListenersContract {

    private final String prefix = StoreFixture.uniquePrefix();

    /** The store's {@code mode} attribute. */
    abstract String mode();

    /** Where the stores connect: the shared Redis unless a Cluster test says otherwise. */
    RedisTarget target() {
        return RedisTarget.SHARED;
    }

    /** More store attributes as name, value pairs. */
    Object[] moreAttributes() {
        return new Object[0];
    }

    @Override
    protected String storeElement() {
        Object[] more = moreAttributes();
        Object[] attributes = new Object[2 + more.length];
        attributes[0] = "mode";
        attributes[1] = mode();
        System.arraycopy(more, 0, attributes, 2, more.length);
        return StoreFixture.storeElement(target(), prefix, attributes);
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }

    @Override
    protected String nodeName() {
        return target().name() + "-" + mode() + "-expiry";
    }
}
