package io.sessionstores.redis;

/** Expiry judged from one node's copy (manager webapp, JMX) with the Redis store in string mode, keys of its own. */
class RedisStringIdleExpiryIT extends RedisIdleExpiryContract {

    @Override
    String mode() {
        return "string";
    }
}
