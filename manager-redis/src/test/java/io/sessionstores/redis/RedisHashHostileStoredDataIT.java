package io.sessionstores.redis;

/** {@link RedisHostileStoredDataContract} in hash mode on this machine's Redis. */
class RedisHashHostileStoredDataIT extends RedisHostileStoredDataContract {

    @Override
    String mode() {
        return "hash";
    }
}
