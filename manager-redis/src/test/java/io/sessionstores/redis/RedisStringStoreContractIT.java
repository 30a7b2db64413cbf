package io.sessionstores.redis;

/** The store contract in string mode on the Redis of this machine. */
class RedisStringStoreContractIT extends RedisStoreContract {

    @Override
    void configure(RedisSessionStore store) {
        store.setAddress(StoreFixture.SHARED_REDIS);
        store.setMode("string");
    }
}
