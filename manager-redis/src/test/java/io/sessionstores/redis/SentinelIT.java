package io.sessionstores.redis;

/** {@link ReplicatedRedisContract} on Sentinel: master 7230, replica 7231, one sentinel 7232. */
class SentinelIT extends ReplicatedRedisContract {

    @Override
    ReplicatedRedis startRedis() throws Exception {
        return ReplicatedRedis.sentinel();
    }

    @Override
    String topology() {
        return "Sentinel";
    }
}
