package io.sessionstores.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract in hash mode on a real 3-master Redis Cluster (ports 7101-7103). */
class ClusterHashModeContractIT extends AbstractRedisContractIT {

    static RedisClusterFixture cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisClusterFixture.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    void configure(RedisSessionStore store) {
        store.setRedissonConfig(cluster.redissonYaml());
    }
}
