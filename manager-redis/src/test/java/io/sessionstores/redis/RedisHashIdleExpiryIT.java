package io.sessionstores.redis;

/** Expiry judged from one node's copy (manager webapp, JMX) with the Redis store in hash mode, keys of its own. */
class RedisHashIdleExpiryIT extends RedisIdleExpiryContract {

    @Override
    String mode() {
        return "hash";
    }
}
