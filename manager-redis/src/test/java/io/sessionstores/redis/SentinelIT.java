package io.sessionstores.redis;

/** {@link AbstractReplicatedRedisIT} on Sentinel: master 7230, replica 7231, one sentinel 7232. */
class SentinelIT extends AbstractReplicatedRedisIT {

    @Override
    ReplicatedRedis startRedis() throws Exception {
        return ReplicatedRedis.sentinel();
    }

    @Override
    String topology() {
        return "Sentinel";
    }
}
