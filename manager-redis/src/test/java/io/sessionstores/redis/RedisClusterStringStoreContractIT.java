package io.sessionstores.redis;

/** The store contract in string mode on the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
class RedisClusterStringStoreContractIT extends RedisClusterHashStoreContractIT {

    @Override
    void configure(RedisSessionStore store) {
        super.configure(store);
        store.setMode("string");
    }
}
