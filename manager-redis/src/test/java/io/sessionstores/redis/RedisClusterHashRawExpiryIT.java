package io.sessionstores.redis;

import io.sessionstores.testsupport.RedisCluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Raw expiry and the expiry lease in hash mode on a real 3-master Redis Cluster (ports 7270-7272). */
class RedisClusterHashRawExpiryIT extends RedisRawExpiryContract {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisCluster.start(7270, 7271, 7272);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    void connect(RedisSessionStore store) {
        store.setRedissonConfig(cluster.redissonYaml());
    }
}
