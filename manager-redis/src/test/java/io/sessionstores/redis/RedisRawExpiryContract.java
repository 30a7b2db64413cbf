package io.sessionstores.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;

import io.sessionstores.core.contract.RawExpiryContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;

/**
 * Raw expiry and the expiry lease of the Redis store in hash mode on a real server: the contract.
 * Stores of one application share the default key prefix (derived from the application name),
 * as the nodes of a cluster do; their keys are deleted after each test.
 */
abstract class RedisRawExpiryContract extends RawExpiryContract {

    private final List<RedisSessionStore> stores = new ArrayList<>();

    /** Sets the connection on a new store. */
    abstract void connect(RedisSessionStore store);

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) throws Exception {
        RedisSessionStore s = new RedisSessionStore();
        connect(s);
        s.setBucketCount(64);
        s.start(new StoreContext(appName, appName, getClass().getClassLoader(), clock));
        stores.add(s);
        return s;
    }

    /** Buckets per batch: a pass over 64 buckets takes four. */
    @Override
    protected int batchSize() {
        return 16;
    }

    @AfterEach
    void deleteKeys() {
        stores.forEach(StoreFixture::deleteKeys);
        stores.clear();
    }
}
