package io.sessionstores.redis;

/** The user index of the Redis store on the Redis of this machine, string mode. */
class RedisStringUserIndexIT extends RedisUserIndexContract {

    @Override
    void configure(RedisSessionStore store) {
        store.setAddress(StoreFixture.SHARED_REDIS);
        store.setMode("string");
    }
}
