package io.sessionstores.redis;

import java.util.List;

import io.sessionstores.core.contract.ExpireCommandContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;

/** The {@code expire} command line against Redis in hash mode (16 buckets, keys of its own, removed afterwards). */
class RedisHashExpireCommandIT extends ExpireCommandContract {

    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected SessionStore startStore(String app) throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        store.setAddress(StoreFixture.SHARED_REDIS);
        store.setKeyPrefix(prefix);
        store.setBucketCount(16);
        store.start(new StoreContext(app, "seed", getClass().getClassLoader(), System::currentTimeMillis));
        return store;
    }

    @Override
    protected List<String> storeOptions() {
        return List.of("--redis-address", StoreFixture.SHARED_REDIS, "--key-prefix", prefix, "--bucket-count", "16");
    }

    @Override
    protected List<String> unreachableStoreOptions() {
        return List.of("--redis-address", "redis://127.0.0.1:7448", "--key-prefix", prefix);
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }
}
