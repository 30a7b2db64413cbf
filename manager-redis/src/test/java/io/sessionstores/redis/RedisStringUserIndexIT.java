package io.sessionstores.redis;

/** The user index of the Redis store on the Redis of this machine, string mode. */
class RedisStringUserIndexIT extends RedisUserIndexContract {

    @Override
    void configure(RedisSessionStore store) {
        store.setAddress(StoreFixture.SHARED_REDIS);
        store.setMode("string");
    }

    /** 2,000: the scripts of hash mode, run 10,000 times by RedisHashUserIndexIT. */
    @Override
    protected int randomOperations() {
        return 2_000;
    }
}
