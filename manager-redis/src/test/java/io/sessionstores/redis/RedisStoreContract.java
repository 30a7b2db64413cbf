package io.sessionstores.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;

import io.sessionstores.core.contract.SessionStoreContract;
import io.sessionstores.core.store.SessionStore;

/**
 * The project's store contract run against {@link RedisSessionStore} on a real server. Each store
 * gets a key prefix of its own, and its keys are deleted after each test.
 */
abstract class RedisStoreContract extends SessionStoreContract {

    private final List<RedisSessionStore> stores = new ArrayList<>();

    /** Sets mode and connection on a new store (the prefix is set here). */
    abstract void configure(RedisSessionStore store) throws Exception;

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) throws Exception {
        RedisSessionStore s = new RedisSessionStore();
        configure(s);
        stores.add(StoreFixture.startedUnderOwnPrefix(s, appName, clock));
        return s;
    }

    /** A SCAN page may bring more records than the batch asked for (string mode). */
    @Override
    protected int scanPageOvershoot() {
        return RedisScan.PAGE;
    }

    @AfterEach
    void deleteKeys() {
        stores.forEach(StoreFixture::deleteKeys);
        stores.clear();
    }
}
