package io.sessionstores.redis;

import java.util.List;

import io.sessionstores.core.contract.DeployCheckContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.tool.StoreCommandLine;

/**
 * The {@code deploy-check} command on the shared Redis in hash mode (its own key prefix), the
 * Redis factory found by ServiceLoader.
 */
class RedisDeployCheckIT extends DeployCheckContract {

    private static final String PREFIX = StoreFixture.uniquePrefix();

    @Override
    protected List<StoreFactory> factories() {
        return StoreCommandLine.backends();
    }

    @Override
    protected List<String> storeOptions() {
        return List.of("--redis-address", StoreFixture.SHARED_REDIS, "--key-prefix", PREFIX, "--bucket-count", "256");
    }

    @Override
    protected SessionStore openStore() throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        store.setAddress(StoreFixture.SHARED_REDIS);
        store.setKeyPrefix(PREFIX);
        store.setBucketCount(256);
        store.start(new StoreContext(APP, "seed", getClass().getClassLoader(), System::currentTimeMillis));
        return store;
    }

    @Override
    protected void cleanUp(SessionStore store, List<String> ids) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }
}
