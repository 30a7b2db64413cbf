package io.sessionstores.redis;

import java.util.Map;

import io.sessionstores.core.contract.StoreJmxContract;
import io.sessionstores.core.store.SessionStore;

/** The Redis store (hash mode, one bucket) in JMX beside its Manager, with its sweep's figures. */
class RedisHashStoreJmxIT extends StoreJmxContract {

    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected String storeElement() {
        return StoreFixture.storeElement(prefix, "bucketCount", 1);
    }

    @Override
    protected Class<? extends SessionStore> storeClass() {
        return RedisSessionStore.class;
    }

    @Override
    protected Map<String, String> undisclosed() {
        return Map.of("address", "a redis:// URL may carry a password", "size", "counts every session of the store",
                "manager", "not a simple value",
                "migrateFromAttributes", "the old store's attributes, a password among them",
                "clientConfig", "a Redisson Config given in code (Spring Boot), not a simple value; its password among it");
    }

    @Override
    protected void cleanUp(SessionStore store) {
        StoreFixture.deleteKeys((RedisSessionStore) store);
    }

    @Override
    protected String frozenStoreAttribute() {
        return "bucketCount";
    }

    @Override
    protected String nodeName() {
        return "redis-store";
    }
}
