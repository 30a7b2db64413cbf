package io.sessionstores.redis;

/** {@link RedisHostileStoredDataContract} in string mode on this machine's Redis. */
class RedisStringHostileStoredDataIT extends RedisHostileStoredDataContract {

    @Override
    String mode() {
        return "string";
    }
}
