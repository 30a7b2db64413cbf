package io.sessionstores.redis;

/** The user index of the Redis store on the Redis of this machine, hash mode. */
class RedisHashUserIndexIT extends RedisUserIndexContract {

    @Override
    void configure(RedisSessionStore store) {
        store.setAddress(StoreFixture.SHARED_REDIS);
    }
}
