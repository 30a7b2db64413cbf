package io.sessionstores.redis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.config.Config;

import io.sessionstores.core.it.NearCacheTwoTomcatsContract;
import io.sessionstores.core.it.TomcatNode;

/**
 * The near cache's exactness ({@link NearCacheTwoTomcatsContract}) through two real Tomcats booted
 * from the {@code redis-cluster} sample (hash mode, near cache on by default) on the shared 3-master
 * Cluster ({@link RedisClusterExtension}): the change stream of shard channels and slot counters
 * ({@link ShardedChangeStream}). On Tomcat 10.1 only (the failsafe pass on 11 leaves it out, as
 * {@link NearCacheTwoTomcatsIT}'s contract runs there for the single server).
 */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterNearCacheTwoTomcatsIT extends NearCacheTwoTomcatsContract {

    static Config redis;

    @BeforeAll
    static void useCluster() throws Exception {
        redis = RedisSamples.useCluster(RedisClusterExtension.cluster());
    }

    @Override
    protected TomcatNode startNode(String name) {
        return RedisSamples.start(name, RedisSamples.CLUSTER);
    }

    @Override
    protected void deleteSessions(String appName) {
        RedisSamples.deleteSessions(appName, redis);
    }

    @Override
    protected String storeName() {
        return "Redis Cluster";
    }
}
