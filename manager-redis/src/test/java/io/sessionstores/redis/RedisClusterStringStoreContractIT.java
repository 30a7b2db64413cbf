package io.sessionstores.redis;

/** The store contract in string mode on a real 3-master Redis Cluster (ports 7101-7103). */
class RedisClusterStringStoreContractIT extends RedisClusterHashStoreContractIT {

    @Override
    void configure(RedisSessionStore store) {
        super.configure(store);
        store.setMode("string");
    }
}
