package io.sessionstores.redis;

import java.util.ArrayList;
import java.util.List;

import io.sessionstores.core.contract.ExpireCommandContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;

/** The {@code expire} command line against Redis in hash mode (16 buckets, keys of its own, removed afterwards) on {@link #target()}. */
class RedisHashExpireCommandIT extends ExpireCommandContract {

    private final String prefix = StoreFixture.uniquePrefix();

    /** Where the store and the command connect: the shared Redis unless a Cluster test says otherwise. */
    RedisTarget target() {
        return RedisTarget.SHARED;
    }

    @Override
    protected SessionStore startStore(String app) throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        target().connect(store);
        store.setKeyPrefix(prefix);
        store.setBucketCount(16);
        store.start(new StoreContext(app, "seed", getClass().getClassLoader(), System::currentTimeMillis));
        return store;
    }

    @Override
    protected List<String> storeOptions() {
        List<String> options = new ArrayList<>(target().options());
        options.addAll(List.of("--key-prefix", prefix, "--bucket-count", "16"));
        return options;
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
