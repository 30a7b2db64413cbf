package io.sessionstores.redis;

/** {@link AbstractReplicatedRedisIT} on a 6-node Cluster with one replica per master (7240-7245). */
class ClusterReplicasIT extends AbstractReplicatedRedisIT {

    @Override
    ReplicatedRedis startRedis() throws Exception {
        return ReplicatedRedis.cluster();
    }

    @Override
    String topology() {
        return "Cluster";
    }
}
