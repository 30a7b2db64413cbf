package io.sessionstores.redis;

/** Raw expiry and the expiry lease in hash mode on the Redis of this machine. */
class RedisHashRawExpiryIT extends RedisRawExpiryContract {

    @Override
    void connect(RedisSessionStore store) {
        store.setAddress(StoreFixture.SHARED_REDIS);
    }
}
