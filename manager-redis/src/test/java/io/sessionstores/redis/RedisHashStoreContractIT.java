package io.sessionstores.redis;

/** The store contract in hash mode on the Redis of this machine. */
class RedisHashStoreContractIT extends RedisStoreContract {

    @Override
    void configure(RedisSessionStore store) {
        store.setAddress(StoreFixture.SHARED_REDIS);
    }
}
